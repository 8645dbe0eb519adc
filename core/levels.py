"""The levels of the territory tree, top to bottom (the vocabulary every layer shares)."""

LEVELS: tuple[str, ...] = ("city", "street", "community", "grid")
"""Tree levels, top to bottom; a node's level is exactly one below its parent's."""
