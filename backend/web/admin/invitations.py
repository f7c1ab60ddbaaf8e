"""The counterparty admin's tasks: meetings another enterprise invited it to, where it names its signers.

Shells like the meeting pages: their scripts talk to /api/counterparty-invitations and /api/employees.
"""
from flask import abort, render_template

from backend.services.counterparties import get_invitation
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.strings import js_strings


@blp.get("/invitations")
@roles_required("admin")
def invitations():
    """签约邀请: the meetings the admin's enterprise was invited to as counterparty."""
    return render_template("admin/invitations.html", strings=js_strings())


@blp.get("/invitations/<counterparty_id>")
@roles_required("admin")
def invitation(counterparty_id):
    """One invitation: the meeting, the people named so far, and the registry to pick from."""
    if len(counterparty_id) > 32:
        abort(404)
    counterparty = get_invitation(current_user(), counterparty_id)
    return render_template("admin/invitation.html", counterparty_id=counterparty.id, strings=js_strings())
