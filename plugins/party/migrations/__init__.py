"""Alembic branch of the party plugin."""
