"""The enterprise admin's organizer accounts."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from backend.core.errors import AppError
from backend.services import accounts as service
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.forms import check_username, error_context, form_values


@blp.route("/accounts", methods=["GET", "POST"])
@roles_required("admin")
def accounts():
    """List the enterprise's accounts and add an organizer."""
    ctx, status = {"values": {}}, 200
    if request.method == "POST":
        values = form_values("username", "password")
        try:
            check_username(values["username"])
            user = service.create_organizer(current_user(), values["username"], values["password"])
        except AppError as exc:
            ctx, status = {"values": {"username": values["username"]}, **error_context(exc)}, exc.status
        else:
            flash(_("已添加组织者账号「%(name)s」。", name=user.username), "success")
            return redirect(url_for("admin.accounts"))
    return render_template("admin/accounts.html", users=service.list_organizers(current_user()), **ctx), status
