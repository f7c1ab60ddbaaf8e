"""The enterprise admin applies for strategic signing and follows the decision."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from backend.core.errors import AppError
from backend.services import enterprises as service
from backend.services.employees import enterprise_of
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.forms import error_context, form_values


@blp.route("/signing", methods=["GET", "POST"])
@roles_required("admin")
def signing():
    """Show the enterprise's strategic-signing status; apply when none or rejected."""
    user = current_user()
    ctx, status = {"values": {}}, 200
    if request.method == "POST":
        values = form_values("contact_name", "contact_phone", limit=50)
        try:
            service.apply_for_signing(user, user.enterprise_id, values["contact_name"], values["contact_phone"])
        except AppError as exc:
            ctx, status = {"values": values, **error_context(exc)}, exc.status
        else:
            flash(_("申请已提交，请等待平台审批。"), "success")
            return redirect(url_for("admin.signing"))
    return render_template("admin/signing.html", enterprise=enterprise_of(user), **ctx), status
