"""Tenancy layer: the org tree, provisioning, module enablement and tenant scoping."""
