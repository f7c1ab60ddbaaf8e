"""Organizer accounts of an enterprise."""
from flask_smorest import Blueprint
from marshmallow import fields, validate

from backend.services import accounts
from backend.web.api.auth import UserOut
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema

blp = Blueprint("users", __name__, url_prefix="/api/users", description="Organizer accounts")


class UserIn(InputSchema):
    username = fields.Str(required=True, validate=validate.Length(min=3, max=64))
    password = fields.Str(required=True, validate=validate.Length(min=8, max=200))
    role = fields.Str(load_default="organizer", validate=validate.OneOf(["organizer"]))


@blp.route("", methods=["POST"])
@blp.arguments(UserIn)
@blp.response(201, UserOut)
def create(body):
    """Add an organizer to the admin's enterprise."""
    return accounts.create_organizer(current_actor(), body["username"], body["password"])


@blp.route("", methods=["GET"])
@blp.response(200, UserOut(many=True))
def index():
    """The accounts of the admin's enterprise."""
    return accounts.list_organizers(current_actor())
