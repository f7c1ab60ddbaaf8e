"""Short links (`/l/<code>`): where an SMS link leads (in the OpenAPI spec, since scripts may follow them too)."""
from flask import redirect
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from backend.core.database import read_only
from backend.core.errors import NotFound
from backend.services.short_links import target_of

blp = Blueprint("links", __name__, description="Short links carried by SMS")


@blp.route("/l/<code>", methods=["GET"])
@blp.alt_response(302, description="to the link's target")
@blp.alt_response(404, description="no such link (HTML, or JSON when asked)")
@read_only
def follow(code):
    """302 to the link's target; 404 for an unknown code."""
    target = target_of(code)
    if target is None:
        raise NotFound(_l("链接不存在或已失效"))
    return redirect(target, code=302)
