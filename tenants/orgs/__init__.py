"""The territory tree: reading, creating, renaming, moving and deleting nodes."""
