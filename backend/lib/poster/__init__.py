"""The commemorative poster of a completed ceremony: a one-page PDF (its text layer carries every name) and
the PNG rendered from it, landscape 1920×1080 or portrait 1080×1920.

Bytes and values in, bytes out; imports nothing from backend but backend.lib.pdf (rendering),
backend.lib.imaging (the CJK font) and backend.lib.errors (N_, marking the poster's words for the catalogue).
"""
from backend.lib.poster.draw import poster_pdf, poster_png
from backend.lib.poster.spec import SIZES, Poster, PosterParty, PosterSigner, PosterText

__all__ = ["SIZES", "Poster", "PosterParty", "PosterSigner", "PosterText", "poster_pdf", "poster_png"]
