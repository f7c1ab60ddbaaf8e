"""The signer's mobile web (`/h5`): app shells for signing and employee activation, and their assets."""
from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

H5_DIR = Path(__file__).resolve().parents[2] / "h5"
# Folders of h5/ served here; the big screen serves its own, vendor/ and admin/ belong to the admin pages.
PUBLIC_FOLDERS = ("common", "signer", "activate", "verify", "copy")
SHELL_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}

# h5/ is also the shells' template folder: "signer/index.html" and so on (backend/web/shells.py).
blp = Blueprint("h5", __name__, url_prefix="/h5", template_folder=str(H5_DIR))


def shell(folder: str) -> Response:
    """A static HTML shell; its script reads the token from the URL and talks to the JSON API."""
    html = (H5_DIR / folder / "index.html").read_text(encoding="utf-8")
    return Response(html, mimetype="text/html", headers=SHELL_HEADERS)


@blp.get("/s/<scene>")
def signer(scene):
    """The signer's pages for one QR code (the scene token is checked by the API, not here)."""
    if len(scene) > 64:
        abort(404)
    return shell("signer")


@blp.get("/activate/<token>")
def activate(token):
    """An employee's activation page (from the invitation SMS)."""
    if len(token) > 128:
        abort(404)
    return shell("activate")


@blp.get("/copy/<token>")
def copy(token):
    """A signer's signed copy (from the completion SMS; the token is checked by the API, not here)."""
    if len(token) > 64:
        abort(404)
    return shell("copy")


@blp.get("/assets/<folder>/<path:filename>")
def assets(folder, filename):
    """Scripts, styles and images of the H5 pages (no build step: served as written)."""
    if folder not in PUBLIC_FOLDERS:
        abort(404)
    return send_from_directory(H5_DIR / folder, filename, max_age=300)
