"""Alembic revisions of the patrol branch (a package so wheels ship them)."""
