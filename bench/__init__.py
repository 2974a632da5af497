"""Benchmarks: `python -m bench.<name>`; figures are kept in BENCHMARKS.md."""
