"""Vendored third-party browser libraries (h5/vendor), served to the admin pages."""
from pathlib import Path

from flask import send_from_directory

from backend.web.admin import blp

VENDOR_DIR = Path(__file__).resolve().parents[3] / "h5" / "vendor"


@blp.get("/vendor/<path:filename>")
def vendor(filename):
    """A file from h5/vendor (send_from_directory refuses paths outside it)."""
    return send_from_directory(VENDOR_DIR, filename, max_age=86400)
