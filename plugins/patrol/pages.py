"""Console pages of the patrol line (filled in below)."""

PAGES: list = []
