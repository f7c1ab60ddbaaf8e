"""The mini-program's words, translated from the catalogue: one source of truth for both signer clients."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.core.languages import LANGUAGES
from backend.web.input import Schema as InputSchema
from backend.web.languages import request_language
from backend.web.miniprogram_strings import MINIPROGRAM_STRINGS
from backend.web.shells import translated

blp = Blueprint("signer_strings", __name__, url_prefix="/api/signer",
                description="The signer clients' words in each language (public)")

# The words change only with a deployment: phones may keep them a while.
CACHE = {"Cache-Control": "public, max-age=3600", "Vary": "Accept-Language"}


class StringsQuery(InputSchema):
    lang = fields.Str(load_default=None, validate=validate.OneOf(LANGUAGES),
                      metadata={"description": "zh or en; default: the request's Accept-Language"})


class StringsOut(Schema):
    language = fields.Str(metadata={"description": "the language the strings are in"})
    strings = fields.Dict(keys=fields.Str(), values=fields.Str(),
                          metadata={"description": "key → words; placeholders are named: %(n)s"})


@blp.route("/strings", methods=["GET"])
@blp.arguments(StringsQuery, location="query")
@blp.response(200, StringsOut)
def strings(query):
    """Every word the mini-program shows, in one language (the phone's or the participant's)."""
    language = query["lang"] or request_language()
    return {"language": language, "strings": translated(MINIPROGRAM_STRINGS, language)}, 200, CACHE
