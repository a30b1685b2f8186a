"""Benchmarks of secretaria against the raw components, measured in the same run."""
