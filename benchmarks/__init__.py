"""Benchmarks: each compares the project against a public reference tool in the same run."""
