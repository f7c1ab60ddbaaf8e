"""The screen's images, each reachable only through this meeting's result token."""
import re

from flask import Response, request
from flask_babel import lazy_gettext as _l

from backend.core.database import read_only
from backend.core.errors import NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import files
from backend.models import Document, Seal, SignatureRecord
from backend.services import layout, page_images
from backend.services.handwriting import shown_image
from backend.web.blobs import send_page_image, send_stored
from backend.web.responses import IF_NONE_MATCH, IMAGE_RESPONSE, PNG_RESPONSE, VERSION_PARAMETER, page_image_responses
from backend.web.screen import blp
from backend.web.screen.access import meeting_for, signer_of
from backend.web.screen.qr import qr_png

ID = re.compile(r"^[0-9a-f]{1,32}$")
WIDTH = re.compile(r"[0-9]{1,4}")
IMAGE_NAME = re.compile(r"^[0-9a-f]{8,64}\.(png|jpg)$")
CACHE = {"Cache-Control": "private, max-age=3600"}


def _png(data: bytes, cache=CACHE) -> Response:
    return Response(data, mimetype="image/png", headers=cache)


def _check_id(value: str) -> str:
    if not ID.match(value):
        raise NotFound(_l("图片不存在"))
    return value


@blp.get("/<token>/qr/<participant_id>.png")
@blp.doc(responses=PNG_RESPONSE)
@read_only
def qr(token, participant_id):
    """A signer's QR code (kept short in caches: it leaves the screen once they sign)."""
    meeting = meeting_for(token)
    signer = signer_of(meeting, _check_id(participant_id))
    if not signer.scene_token:
        raise NotFound(_l("签署二维码不存在"), code="qr_unavailable")
    return _png(qr_png(signer), {"Cache-Control": "private, max-age=300"})


@blp.get("/<token>/seals/<seal_id>.png")
@blp.doc(responses=PNG_RESPONSE)
@read_only
def seal_image(token, seal_id):
    """A seal used in this meeting's signatures, and no other."""
    meeting = meeting_for(token)
    _check_id(seal_id)
    used = any(seal_id in (r.seal_choices or {}).values()
               for r in SignatureRecord.query.filter_by(meeting_id=meeting.id))
    seal = db.session.get(Seal, seal_id) if used else None
    if seal is None:
        raise NotFound(_l("印章不存在"))
    return _png(files().get(seal.image_key))


@blp.get("/<token>/handwriting/<participant_id>.png")
@blp.doc(responses=PNG_RESPONSE)
@read_only
def handwriting(token, participant_id):
    """A signer's handwritten signature once they have signed."""
    meeting = meeting_for(token)
    record = SignatureRecord.query.filter_by(meeting_id=meeting.id, participant_id=_check_id(participant_id)).first()
    if record is None:
        raise NotFound(_l("签名不存在"))
    return _png(shown_image(record))


def _page_doc(ext: str) -> dict:
    return {"responses": page_image_responses(ext), "parameters": [
        {"in": "query", "name": "width", "schema": {"type": "integer", "minimum": 200, "maximum": 2000, "default": 1000}},
        VERSION_PARAMETER, IF_NONE_MATCH]}


@blp.get("/<token>/pages/<document_id>/<int:page>.png")
@blp.doc(**_page_doc("image/png"))
@read_only
def page_image(token, document_id, page):
    """A page that carries controls, for the live preview, as PNG; other pages stay off the screen."""
    return _page(token, document_id, page, "png")


@blp.get("/<token>/pages/<document_id>/<int:page>.jpg")
@blp.doc(**_page_doc("image/jpeg"))
@read_only
def page_jpg(token, document_id, page):
    """A page that carries controls, for the live preview, as JPEG (what the state points at)."""
    return _page(token, document_id, page, "jpg")


def _page(token: str, document_id: str, page: int, ext: str):
    meeting = meeting_for(token)
    doc = db.session.get(Document, _check_id(document_id))
    if doc is None or doc.meeting_id != meeting.id or not any(c.page == page for c in doc.controls):
        raise NotFound(_l("页面不存在"))
    raw = request.args.get("width", "1000")
    if not WIDTH.fullmatch(raw) or not 200 <= int(raw) <= 2000:
        raise ValidationFailed(_l("宽度应在%(low)s到%(high)s之间", low=200, high=2000), fields={"width": ["200..2000"]})
    # The page as booked, before any signature: the screen draws every mark itself, from the
    # signing data, so a page rendered from the signed PDF would show each seal twice.
    return send_page_image(page_images.original_page(doc, page, int(raw), ext))


@blp.get("/<token>/images/<name>")
@blp.doc(responses=IMAGE_RESPONSE)
@read_only
def layout_image(token, name):
    """The background or a logo of this meeting's layout."""
    meeting = meeting_for(token)
    if not IMAGE_NAME.match(name):
        raise NotFound(_l("图片不存在"))
    data, mimetype = layout.asset(meeting, f"layout/{meeting.id}/{name}")
    return send_stored(data, mimetype=mimetype, max_age=3600)
