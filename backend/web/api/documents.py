"""Page images and controls of a meeting's documents."""
from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.services import documents
from backend.web.api.meetings import ControlOut
from backend.web.api.session import current_actor

blp = Blueprint("documents", __name__, url_prefix="/api/documents", description="Documents and controls")


class ControlIn(Schema):
    page = fields.Int(required=True, strict=True)
    x = fields.Float(required=True, allow_nan=False)
    y = fields.Float(required=True, allow_nan=False)
    w = fields.Float(required=True, allow_nan=False)
    h = fields.Float(required=True, allow_nan=False)
    kind = fields.Str(required=True, validate=validate.OneOf(documents.KINDS))
    participant_id = fields.Str(required=True, validate=validate.Length(max=16))


class PageQuery(Schema):
    width = fields.Int(load_default=800, validate=validate.Range(min=100, max=2400))


@blp.route("/<document_id>/pages/<int:page>.png", methods=["GET"])
@blp.arguments(PageQuery, location="query")
def page_png(query, document_id, page):
    """PNG of page n (1-based) at the requested width."""
    doc = documents.get_document(current_actor(), document_id)
    png = documents.page_image(doc, page, query["width"])
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=3600"})


@blp.route("/<document_id>/controls", methods=["GET"])
@blp.response(200, ControlOut(many=True))
def get_controls(document_id):
    """The document's controls."""
    return documents.get_document(current_actor(), document_id).controls


@blp.route("/<document_id>/controls", methods=["PUT"])
@blp.arguments(ControlIn(many=True))
@blp.response(200, ControlOut(many=True))
def put_controls(items, document_id):
    """Replace the document's controls at once (x, y, w, h: fractions of the displayed page, top left)."""
    return documents.replace_controls(current_actor(), document_id, items)
