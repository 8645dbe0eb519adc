"""Console page handlers, one small module per area."""
