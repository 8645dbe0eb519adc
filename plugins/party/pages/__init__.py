"""Console pages of the party plugin."""

PAGES: list = []
UNIT_PAGES: list = []
