"""Benchmarks: measured speed and memory, each against a baseline run on the same machine."""
