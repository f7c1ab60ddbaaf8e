"""The organizer's preview of a signer's phone: the documents and that signer's controls, exactly as the
signer API's `documents` answer lists them (the page images through the organizer's own page route)."""
from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from backend.lib.identity import person_name
from backend.services import page_images, previews
from backend.web.api.session import current_actor
from backend.web.api.signer import SignerDocument

blp = Blueprint("previews", __name__, url_prefix="/api/meetings",
                description="Previews for the organizer: what a signer's phone will show")


class PreviewMeeting(Schema):
    name = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    status = fields.Str()


class PreviewSigner(Schema):
    id = fields.Str()
    name = fields.Str()
    name_masked = fields.Function(lambda p: person_name.mask(p.name), metadata={"description": "as the phone shows it"})
    enterprise_name = fields.Str()
    status = fields.Str()


class SignerPreviewOut(Schema):
    meeting = fields.Nested(PreviewMeeting)
    participant = fields.Nested(PreviewSigner)
    documents = fields.List(fields.Nested(SignerDocument),
                            metadata={"description": "as `GET /api/signer/scenes/{scene}/documents` answers that signer"})


@blp.route("/<meeting_id>/participants/<participant_id>/preview", methods=["GET"])
@blp.response(200, SignerPreviewOut)
def signer_preview(meeting_id, participant_id):
    """A signer's documents with their own controls, as their phone will show them (drafts too)."""
    meeting, signer, docs = previews.signer_preview(current_actor(), meeting_id, participant_id)
    documents = []
    for doc, controls in docs:
        # The pages the signer would see: the same revision (`v`), through the organizer's page route.
        pages = [{"url": url_for("documents.page_jpg", document_id=doc.id, page=n, v=page_images.version(doc, n)),
                  "width": p["width"], "height": p["height"]} for n, p in enumerate(doc.pages, start=1)]
        documents.append({"id": doc.id, "filename": doc.filename, "page_count": doc.page_count, "pages": pages,
                          "controls": controls})
    return {"meeting": meeting, "participant": signer, "documents": documents}
