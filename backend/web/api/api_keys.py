"""API keys of an enterprise, for its other systems (enterprise admin)."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.models.integration import API_KEY_SCOPES
from backend.services import api_keys as service
from backend.web.api.formats import Words
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema

blp = Blueprint("api_keys", __name__, url_prefix="/api/api-keys",
                description="API keys: `Authorization: Bearer ssk_live_…` on every organizer endpoint")


class ApiKeyIn(InputSchema):
    name = Words(60, required=True, metadata={"description": "which system uses it (shown in lists)"})
    scope = fields.Str(required=True, validate=validate.OneOf(API_KEY_SCOPES),
                       metadata={"description": "read: GET and HEAD only; write: whatever an organizer may do"})


class ApiKeyOut(Schema):
    id = fields.Str()
    name = fields.Str()
    scope = fields.Str()
    prefix = fields.Str(metadata={"description": "ssk_live_ and the key's id part: how lists name the key"})
    created_at = fields.DateTime()
    created_by = fields.Str(attribute="created_by.username", allow_none=True, metadata={"description": "the admin who made it"})
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class ApiKeyCreated(ApiKeyOut):
    key = fields.Str(metadata={"description": "the key itself: shown here only, stored only as its SHA-256"})


@blp.route("", methods=["POST"])
@blp.arguments(ApiKeyIn)
@blp.response(201, ApiKeyCreated)
def create(body):
    """Make a key; the answer is the only time the key is shown."""
    row, key = service.create_key(current_actor(), body["name"], body["scope"])
    return {**{name: getattr(row, name) for name in ApiKeyOut().fields}, "key": key}


@blp.route("", methods=["GET"])
@blp.response(200, ApiKeyOut(many=True))
def index():
    """The enterprise's keys (never the keys themselves), revoked ones too."""
    return service.list_keys(current_actor())


@blp.route("/<key_id>", methods=["DELETE"])
@blp.response(204)
def revoke(key_id):
    """Revoke a key: from the next request on it gets 401."""
    service.revoke_key(current_actor(), key_id)
