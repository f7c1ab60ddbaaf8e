"""Signer tests use the shared `booked` fixture; these names stay importable from here."""
from tests.support import Signer, handwriting_png  # noqa: F401
