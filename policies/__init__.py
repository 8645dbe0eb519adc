"""Casbin model and base role grants: data files only, packaged so installed copies find them."""
