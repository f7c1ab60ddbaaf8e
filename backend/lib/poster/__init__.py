"""The commemorative poster of a completed ceremony: a one-page PDF (its text layer carries every name) and
the PNG rendered from it, landscape 1920×1080 or portrait 1080×1920.

Bytes and values in, bytes out; imports nothing from backend but backend.lib.pdf (rendering) and
backend.lib.imaging (the CJK font).
"""
from backend.lib.poster.draw import poster_pdf, poster_png
from backend.lib.poster.spec import SIZES, Poster, PosterParty, PosterSigner

__all__ = ["SIZES", "Poster", "PosterParty", "PosterSigner", "poster_pdf", "poster_png"]
