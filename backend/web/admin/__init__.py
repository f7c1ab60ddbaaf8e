"""The admin pages (`/admin`): operators, enterprise admins and organizers, server-rendered."""
from pathlib import Path

from flask import Blueprint

_ROOT = Path(__file__).resolve().parents[2]

blp = Blueprint("admin", __name__, url_prefix="/admin",
                static_folder=str(_ROOT / "static" / "admin"), static_url_path="/static")

# Views register themselves on blp; imported last because they import blp.
from backend.web.admin import (  # noqa: E402,F401
    access,
    accounts,
    assets,
    contracts,
    employees,
    home,
    integrations,
    invitations,
    language,
    meetings,
    operator,
    previews,
    seals,
    signing,
    times,
)
