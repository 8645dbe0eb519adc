"""User accounts and their role assignments on the territory tree."""
