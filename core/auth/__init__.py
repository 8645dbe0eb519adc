"""Authentication: password hashing, tokens, login rate limits, the login and /me routes."""
