"""Benchmarks behind `make bench`: each measurement runs in its own process and reports medians."""
