"""Benchmarks: run each as `python -m bench.<name>`; figures are recorded in BENCHMARKS.md."""
