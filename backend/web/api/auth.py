"""Sign-in for admins and organizers."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.services import accounts
from backend.web.api.formats import Language
from backend.web.api.session import bearer_token, current_actor
from backend.web.input import Schema as InputSchema
from backend.web.languages import use_language

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Admin sign-in")


class LoginIn(InputSchema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    password = fields.Str(required=True, validate=validate.Length(min=1, max=200))


class UserOut(Schema):
    id = fields.Str()
    username = fields.Str()
    role = fields.Str()
    enterprise_id = fields.Str(allow_none=True)
    language = fields.Str(allow_none=True, metadata={"description": "zh or en; null: the browser's (Accept-Language)"})


class MePatch(InputSchema):
    language = Language(required=True, metadata={"description": "zh, en, or null to follow the browser"})


class LoginOut(Schema):
    token = fields.Str()
    user = fields.Nested(UserOut)


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginIn)
@blp.response(200, LoginOut)
def login(body):
    """Exchange a username and password for a bearer token."""
    user = accounts.authenticate(body["username"], body["password"])
    return {"token": accounts.issue_token(user), "user": user}


@blp.route("/logout", methods=["POST"])
@blp.response(204)
def logout():
    """Revoke the bearer token in use."""
    current_actor()
    accounts.revoke_token(bearer_token() or "")


@blp.route("/me")
@blp.response(200, UserOut)
def me():
    """The signed-in user."""
    return current_actor()


@blp.route("/me", methods=["PATCH"])
@blp.arguments(MePatch)
@blp.response(200, UserOut)
def update_me(body):
    """Choose the language of the admin pages and of the API's messages (null: the browser's)."""
    user = accounts.choose_language(current_actor(), body["language"])
    use_language(user.language)
    return user
