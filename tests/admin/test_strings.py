"""Every string the admin scripts show comes translated from the page."""
import re
from pathlib import Path

from backend.web.admin.strings import STRINGS

JS_DIR = Path(__file__).resolve().parents[2] / "backend" / "static" / "admin" / "js"


def test_every_script_string_key_is_defined():
    used = set()
    for path in JS_DIR.rglob("*.js"):
        used |= set(re.findall(r"\bt\(\s*'([a-z_0-9]+)'", path.read_text(encoding="utf-8")))
    assert used and not used - set(STRINGS), sorted(used - set(STRINGS))


def test_pages_hand_the_strings_to_scripts(client, make_enterprise):
    from tests.admin.conftest import Pages
    pages = Pages(client)
    pages.sign_in_as(make_enterprise(), role="organizer")
    body = pages.get("/admin/meetings/new").get_data(as_text=True)
    assert '<script type="application/json" id="i18n">' in body and "企业印章" in body
    assert "/admin/vendor/interactjs/interact.min.js" in body
    assert pages.get("/admin/vendor/interactjs/interact.min.js").status_code == 200
    assert pages.get("/admin/vendor/../../backend/app.py").status_code == 404
