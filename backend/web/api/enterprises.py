"""Enterprises and the strategic-signing whitelist."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.services import enterprises as service
from backend.web.api.formats import CreditCode, Language, Phone, Words
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema

LANGUAGE = "its people's default language for SMS and signer pages: zh or en"
blp = Blueprint("enterprises", __name__, url_prefix="/api/enterprises", description="Enterprises")


class AdminIn(InputSchema):
    username = fields.Str(required=True, validate=validate.Length(min=3, max=64))
    password = fields.Str(required=True, validate=validate.Length(min=8, max=200))


class EnterpriseIn(InputSchema):
    name = Words(100, required=True)
    credit_code = CreditCode(required=True)
    admin = fields.Nested(AdminIn, required=True)
    language = Language(load_default="zh", allow_none=False, metadata={"description": LANGUAGE})


class EnterprisePatch(InputSchema):
    language = Language(required=True, allow_none=False, metadata={"description": LANGUAGE})


class EnterpriseOut(Schema):
    id = fields.Str()
    name = fields.Str()
    credit_code = fields.Str()
    signing_status = fields.Str()
    signing_reason = fields.Str(allow_none=True)
    signing_contact_name = fields.Str(allow_none=True)
    language = fields.Str(metadata={"description": LANGUAGE})
    created_at = fields.DateTime()


class ApplyIn(InputSchema):
    contact_name = Words(50, required=True)
    contact_phone = Phone(required=True)


class DecisionIn(InputSchema):
    approve = fields.Bool(required=True, truthy={True}, falsy={False})
    reason = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))


class StatusOut(Schema):
    status = fields.Str()
    reason = fields.Str(allow_none=True)


class ListQuery(InputSchema):
    status = fields.Str(load_default=None, validate=validate.OneOf(["none", "pending", "approved", "rejected"]))


@blp.route("", methods=["POST"])
@blp.arguments(EnterpriseIn)
@blp.response(201, EnterpriseOut)
def create(body):
    """Onboard an enterprise with its first admin (operator only)."""
    return service.create_enterprise(current_actor(), body["name"], body["credit_code"],
                                     body["admin"]["username"], body["admin"]["password"], body["language"])


@blp.route("", methods=["GET"])
@blp.arguments(ListQuery, location="query")
@blp.response(200, EnterpriseOut(many=True))
def index(query):
    """List enterprises; `status=pending` is the approval queue (operator only)."""
    return service.list_enterprises(current_actor(), query["status"])


@blp.route("/<enterprise_id>", methods=["GET"])
@blp.response(200, EnterpriseOut)
def show(enterprise_id):
    """One enterprise, with its strategic-signing status."""
    return service.get_enterprise(current_actor(), enterprise_id)


@blp.route("/<enterprise_id>", methods=["PATCH"])
@blp.arguments(EnterprisePatch)
@blp.response(200, EnterpriseOut)
def update(body, enterprise_id):
    """Change the enterprise's language, its people's default (the operator, or the enterprise's admin)."""
    return service.choose_language(current_actor(), enterprise_id, body["language"])


@blp.route("/<enterprise_id>/strategic-signing", methods=["POST"])
@blp.arguments(ApplyIn)
@blp.response(200, StatusOut)
def apply(body, enterprise_id):
    """Apply for the strategic-signing capability (that enterprise's admin)."""
    enterprise = service.apply_for_signing(current_actor(), enterprise_id, body["contact_name"], body["contact_phone"])
    return {"status": enterprise.signing_status}


@blp.route("/<enterprise_id>/strategic-signing/decision", methods=["POST"])
@blp.arguments(DecisionIn)
@blp.response(200, StatusOut)
def decide(body, enterprise_id):
    """Approve or reject an application (operator only)."""
    enterprise = service.decide_signing(current_actor(), enterprise_id, body["approve"], body["reason"])
    return {"status": enterprise.signing_status, "reason": enterprise.signing_reason}
