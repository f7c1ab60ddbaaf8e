"""Page images and controls of a meeting's documents."""
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import fields, validate

from backend.services import documents, page_images
from backend.services.documents import MIN_CONTROL_SIZE
from backend.web.api.formats import StrictFloat
from backend.web.api.meetings import ControlOut
from backend.web.api.session import current_actor
from backend.web.blobs import send_page_image
from backend.web.input import Schema as InputSchema
from backend.web.responses import IF_NONE_MATCH, VERSION_PARAMETER, page_image_responses

blp = Blueprint("documents", __name__, url_prefix="/api/documents", description="Documents and controls")


FRACTION = "a fraction of the displayed page, from its top left; x + w and y + h at most 1"
ON_PAGE = validate.Range(min=0, max=1, error=_l("控件超出页面"))
SIZE = [validate.Range(min=MIN_CONTROL_SIZE, error=_l("控件太小")), ON_PAGE]


class ControlIn(InputSchema):
    page = fields.Int(required=True, strict=True, validate=validate.Range(min=1, error=_l("页码从1开始")),
                      metadata={"description": "1-based, at most the document's page count"})
    x = StrictFloat(required=True, validate=ON_PAGE, metadata={"description": FRACTION})
    y = StrictFloat(required=True, validate=ON_PAGE, metadata={"description": FRACTION})
    w = StrictFloat(required=True, validate=SIZE, metadata={"description": FRACTION})
    h = StrictFloat(required=True, validate=SIZE, metadata={"description": FRACTION})
    kind = fields.Str(required=True, validate=validate.OneOf(documents.KINDS))
    participant_id = fields.Str(required=True, validate=validate.Length(max=16))


class PageQuery(InputSchema):
    width = fields.Int(load_default=800, validate=validate.Range(min=page_images.MIN_WIDTH, max=page_images.MAX_WIDTH))
    v = fields.Str(load_default=None, metadata={"description": VERSION_PARAMETER["description"]})


class ConditionalHeaders(InputSchema):
    # Read by werkzeug (request.if_none_match); declared so that the spec names it.
    if_none_match = fields.Str(data_key="If-None-Match", load_default=None,
                               metadata={"description": IF_NONE_MATCH["description"]})


def _page(query, document_id, page, ext):
    doc = documents.get_document(current_actor(), document_id)
    return send_page_image(page_images.document_page(doc, page, query["width"], ext))


@blp.route("/<document_id>/pages/<int:page>.png", methods=["GET"])
@blp.arguments(PageQuery, location="query")
@blp.arguments(ConditionalHeaders, location="headers", as_kwargs=True)
@blp.doc(responses=page_image_responses("image/png"))
def page_png(query, document_id, page, **_):
    """PNG of page n (1-based) at the requested width, with every signature applied so far."""
    return _page(query, document_id, page, "png")


@blp.route("/<document_id>/pages/<int:page>.jpg", methods=["GET"])
@blp.arguments(PageQuery, location="query")
@blp.arguments(ConditionalHeaders, location="headers", as_kwargs=True)
@blp.doc(responses=page_image_responses("image/jpeg"))
def page_jpg(query, document_id, page, **_):
    """JPEG of page n (1-based) at the requested width: a fraction of the PNG's bytes and encoding time."""
    return _page(query, document_id, page, "jpg")


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
