"""Per-org module enablement: which plugins are on where, with inheritance down the tree."""
