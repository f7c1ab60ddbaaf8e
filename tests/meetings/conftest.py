"""Booking tests use the shared `ceremony` fixture; these names stay importable from here."""
from tests.support import add_document_with_controls, iso, make_pdf  # noqa: F401
