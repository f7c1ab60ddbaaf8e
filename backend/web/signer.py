"""The signer's mobile web (`/h5`): app shells for signing and employee activation, and their assets.

Each shell speaks the language of the person its link is for (the signer's, the employee's); `?lang=`
lets a visitor switch, and without a person (an unknown link) the request's language is used.
"""
from pathlib import Path

from flask import Blueprint, abort, request, send_from_directory

from backend.core.languages import LANGUAGES
from backend.services.reader_languages import activation_language, copy_language, scene_language
from backend.web.languages import request_language, use_language
from backend.web.page_strings import ACTIVATE_STRINGS, COPY_STRINGS, SIGNER_STRINGS
from backend.web.shells import HTML_LANG, render_shell

H5_DIR = Path(__file__).resolve().parents[2] / "h5"
# Folders of h5/ served here; the big screen serves its own, vendor/ and admin/ belong to the admin pages.
PUBLIC_FOLDERS = ("common", "signer", "activate", "verify", "copy")
# Each language offered by its own name, as a reader of it looks for it (never translated).
ENDONYMS = {"zh": "中文", "en": "English"}  # i18n: data (a language's own name, shown marked lang="zh-CN")

# h5/ is also the shells' template folder: "signer/index.html" and so on (backend/web/shells.py).
blp = Blueprint("h5", __name__, url_prefix="/h5", template_folder=str(H5_DIR))


def use_reader_language(language: str | None) -> None:
    """Answer in the link's person's language, unless the visitor chose one with `?lang=`."""
    chosen = request.args.get("lang")
    use_language(chosen if chosen in LANGUAGES else language)


def language_switches() -> list[dict]:
    """The other languages a page offers, as links to itself (`?lang=`)."""
    return [{"code": code, "html_lang": HTML_LANG[code], "name": ENDONYMS[code]}
            for code in LANGUAGES if code != request_language()]


@blp.get("/s/<scene>")
def signer(scene):
    """The signer's pages for one QR code (the scene token is checked by the API, not here)."""
    if len(scene) > 64:
        abort(404)
    use_reader_language(scene_language(scene))
    return render_shell("signer/index.html", SIGNER_STRINGS, switches=language_switches())


@blp.get("/activate/<token>")
def activate(token):
    """An employee's activation page (from the invitation SMS)."""
    if len(token) > 128:
        abort(404)
    use_reader_language(activation_language(token))
    return render_shell("activate/index.html", ACTIVATE_STRINGS)


@blp.get("/copy/<token>")
def copy(token):
    """A signer's signed copy (from the completion SMS; the token is checked by the API, not here)."""
    if len(token) > 64:
        abort(404)
    use_reader_language(copy_language(token))
    return render_shell("copy/index.html", COPY_STRINGS)


@blp.get("/assets/<folder>/<path:filename>")
def assets(folder, filename):
    """Scripts, styles and images of the H5 pages (no build step: served as written)."""
    if folder not in PUBLIC_FOLDERS:
        abort(404)
    return send_from_directory(H5_DIR / folder, filename, max_age=300)
