"""The PDF engine: inspect, render, prepare fields, sign, finish, verify.

Bytes and values in, bytes and values out; imports nothing from backend but
backend.lib.imaging, so it tests and benchmarks on its own.
"""
