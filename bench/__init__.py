"""Benchmarks of LISA and the data generators they share (`make bench`)."""
