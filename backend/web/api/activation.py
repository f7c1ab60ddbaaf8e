"""Employees activate their account by proving the registered phone."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.lib.identity import person_name
from backend.services import employees as service
from backend.web import limits
from backend.web.api.signer import SentOut
from backend.web.input import Schema as InputSchema

blp = Blueprint("activation", __name__, url_prefix="/api/activation", description="Employee activation")


class ActivationOut(Schema):
    name_masked = fields.Function(lambda e: person_name.mask(e.name))
    enterprise_name = fields.Function(lambda e: e.enterprise.name)
    phone_masked = fields.Function(service.masked_phone)
    status = fields.Str()


class ActivationVerifyIn(InputSchema):
    sms_code = fields.Str(required=True, validate=validate.Length(min=4, max=8))


@blp.route("/<token>", methods=["GET"])
@blp.response(200, ActivationOut)
def show(token):
    """Who the activation link is for (masked)."""
    return service.employee_for_activation(token)


@blp.route("/<token>/sms", methods=["POST"])
@limits.activation_sms
@blp.response(202, SentOut, description="The code is on its way.")
def send_sms(token):
    """Text a one-time code to the registered phone."""
    service.send_activation_code(token)
    return {"sent": True}


@blp.route("/<token>/verify", methods=["POST"])
@limits.activation_verify
@limits.activation_verify_per_address
@blp.arguments(ActivationVerifyIn)
@blp.response(200, ActivationOut)
def verify(body, token):
    """Activate with the code."""
    return service.activate(token, body["sms_code"])
