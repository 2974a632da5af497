"""Benchmarks (not tests): run as modules, record figures in BENCHMARKS.md."""
