"""The public verify page (`/verify`): upload a PDF, learn whether it is an authentic Signstage contract."""
from flask import Blueprint

from backend.web.signer import shell

blp = Blueprint("verify_page", __name__)


@blp.get("/verify")
def verify():
    """The upload page; it posts the file to `POST /api/verify` and shows the report."""
    return shell("verify")
