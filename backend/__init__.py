"""Signstage: online strategic signing ceremonies."""
