"""Short links (`/l/<code>`): where an SMS link leads."""
from flask import Blueprint, redirect

from backend.core.database import read_only
from backend.core.errors import NotFound
from backend.services.short_links import target_of

blp = Blueprint("links", __name__)


@blp.get("/l/<code>")
@read_only
def follow(code):
    """302 to the link's target; 404 (HTML, or JSON when asked) for an unknown code."""
    target = target_of(code)
    if target is None:
        raise NotFound("链接不存在或已失效 (unknown or expired link)")
    return redirect(target, code=302)
