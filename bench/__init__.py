"""Benchmarks that informed design decisions; run with python -m bench.<name>."""
