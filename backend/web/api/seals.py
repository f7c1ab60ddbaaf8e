"""Seals and grants."""
from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.core.errors import ValidationFailed
from backend.core.resources import files
from backend.models.enterprise import SEAL_KINDS
from backend.services import seals as service
from backend.web.api.formats import NONBLANK, Flag, Words
from backend.web.api.session import current_actor
from backend.web.blobs import send_stored
from backend.web.field_messages import translated_fields
from backend.web.input import Schema as InputSchema
from backend.web.responses import PNG_RESPONSE

blp = Blueprint("seals", __name__, url_prefix="/api/seals", description="Seals and grants")

MAX_SEAL_UPLOAD = 2 * 2**20


class SealIn(InputSchema):
    name = Words(50, required=True)
    kind = fields.Str(required=True, validate=validate.OneOf(SEAL_KINDS))
    generate = Flag(load_default=False, metadata={"description": "JSON only: must be true (draw the round red seal)"})


class SealGenerateIn(InputSchema):
    """The JSON form of SealIn, as the spec shows it: JSON only generates."""

    name = Words(50, required=True)
    kind = fields.Str(required=True, validate=validate.OneOf(SEAL_KINDS))
    generate = fields.Bool(required=True, validate=validate.OneOf([True]),
                           metadata={"description": "must be true: draw the round red seal from the enterprise's name"})


class SealOut(Schema):
    id = fields.Str()
    name = fields.Str()
    kind = fields.Str()
    source = fields.Str()
    image_url = fields.Function(lambda seal: url_for("seals.image", seal_id=seal.id))
    created_at = fields.DateTime()


class GrantIn(InputSchema):
    employee_id = fields.Str(required=True, validate=validate.Length(min=1, max=16))
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)


class GrantOut(Schema):
    id = fields.Str()
    seal_id = fields.Str()
    employee_id = fields.Str()
    employee_name = fields.Function(lambda g: g.employee.name)
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


def _load(schema: Schema, data) -> dict:
    errors = schema.validate(data)
    if errors:
        raise ValidationFailed(_l("提交的数据有误"), fields=translated_fields(errors))

    return schema.load(data)


@blp.route("", methods=["POST"])
@blp.doc(requestBody={"required": True, "content": {
    "application/json": {"schema": SealGenerateIn},
    "multipart/form-data": {"schema": {"type": "object", "required": ["name", "kind", "image"], "additionalProperties": False,
                                       "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 50, "pattern": NONBLANK},
        "kind": {"type": "string", "enum": list(SEAL_KINDS)},
        "image": {"type": "string", "format": "binary", "description": "PNG or JPEG, at most 2 MB"}}}}}})
@blp.response(201, SealOut)
def create(**_):
    """Upload a seal image (multipart) or generate the round red seal (JSON `generate: true`)."""
    actor = current_actor()
    if request.mimetype == "multipart/form-data":
        form = request.form.to_dict()
        unknown = sorted(set(form) - {"name", "kind"}) + sorted(set(request.files) - {"image"})
        if unknown:
            raise ValidationFailed(_l("未知字段"), fields={name: [_l("未知字段")] for name in unknown})
        body = _load(SealIn(), form)
        upload = request.files.get("image")
        if upload is None:
            raise ValidationFailed(_l("请上传印章图片"), fields={"image": [_l("必填")]})
        data = upload.read(MAX_SEAL_UPLOAD + 1)
        return service.upload_seal(actor, body["name"], body["kind"], data)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ValidationFailed(_l("请求体应为JSON对象"), code="malformed_json",
                               status=400)
    body = _load(SealIn(), payload)
    if not body["generate"]:
        raise ValidationFailed(_l("请上传图片或设置 generate=true"),
                               fields={"generate": [_l("必须为true")]})
    return service.generate_seal(actor, body["name"], body["kind"])


@blp.route("", methods=["GET"])
@blp.response(200, SealOut(many=True))
def index():
    """The enterprise's active seals."""
    return service.list_seals(current_actor())


@blp.route("/<seal_id>", methods=["GET"])
@blp.response(200, SealOut)
def show(seal_id):
    """One seal."""
    return service.get_seal(current_actor(), seal_id)


@blp.route("/<seal_id>", methods=["DELETE"])
@blp.response(204)
def delete(seal_id):
    """Retire a seal."""
    service.deactivate_seal(current_actor(), seal_id)


@blp.route("/<seal_id>/image.png", methods=["GET"])
@blp.doc(responses=PNG_RESPONSE)
def image(seal_id):
    """The seal's transparent PNG."""
    seal = service.get_seal(current_actor(), seal_id)
    return send_stored(files().get(seal.image_key), mimetype="image/png", max_age=3600)


@blp.route("/<seal_id>/grants", methods=["POST"])
@blp.arguments(GrantIn)
@blp.response(201, GrantOut)
def grant(body, seal_id):
    """Let an employee use this seal, optionally until `expires_at`."""
    return service.grant_seal(current_actor(), seal_id, body["employee_id"], body["expires_at"])


@blp.route("/<seal_id>/grants", methods=["GET"])
@blp.response(200, GrantOut(many=True))
def grants(seal_id):
    """The live grants of a seal."""
    return service.list_grants(current_actor(), seal_id)


@blp.route("/<seal_id>/grants/<grant_id>", methods=["DELETE"])
@blp.response(200, GrantOut)
def revoke(seal_id, grant_id):
    """Revoke a grant."""
    return service.revoke_grant(current_actor(), seal_id, grant_id)
