"""Secrets at rest and in transit: field encryption, password hashing, bearer tokens."""
