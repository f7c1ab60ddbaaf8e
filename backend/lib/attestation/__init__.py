"""Signed statements: canonical JSON signed with a certificate's key, verifiable with the certificate alone.

An RFC 3161 timestamp token may vouch for when a signature existed. Bytes and values in and out;
imports nothing from backend but backend.lib.errors.
"""
