"""The public verify page (`/verify`): upload a PDF, learn whether it is an authentic Signstage contract."""
from flask import Blueprint

from backend.web.page_strings import VERIFY_STRINGS
from backend.web.shells import render_shell
from backend.web.signer import language_switches

blp = Blueprint("verify_page", __name__)


@blp.get("/verify")
def verify():
    """The upload page, in the request's language (`?lang=` switches); it posts the file to `POST /api/verify`."""
    return render_shell("verify/index.html", VERIFY_STRINGS, switches=language_switches())
