"""Seal, handwriting and upload image handling: bytes in, PNG bytes out.

Pure Pillow/fontTools; imports nothing else from backend.
"""
