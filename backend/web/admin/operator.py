"""The platform operator's pages: enterprises and the strategic-signing approval queue."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from backend.core.errors import AppError
from backend.services import enterprises as service
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.forms import check_username, error_context, flash_outcome, form_values


@blp.route("/enterprises", methods=["GET", "POST"])
@roles_required("operator")
def enterprises():
    """List enterprises and onboard a new one with its first admin."""
    ctx, status = {"values": {}}, 200
    if request.method == "POST":
        values = form_values("name", "credit_code", "admin_username", "admin_password")
        try:
            check_username(values["admin_username"], "admin.username")
            enterprise = service.create_enterprise(current_user(), values["name"], values["credit_code"],
                                                   values["admin_username"], values["admin_password"])
        except AppError as exc:
            values.pop("admin_password")
            ctx, status = {"values": values, **error_context(exc)}, exc.status
        else:
            flash(_("已创建企业「%(name)s」及其管理员账号。", name=enterprise.name), "success")
            return redirect(url_for("admin.enterprises"))
    return render_template("admin/enterprises.html", enterprises=service.list_enterprises(current_user()),
                           **ctx), status


@blp.get("/approvals")
@roles_required("operator")
def approvals():
    """The queue of pending strategic-signing applications, and recent decisions."""
    everyone = service.list_enterprises(current_user())
    pending = [e for e in everyone if e.signing_status == "pending"]
    decided = sorted((e for e in everyone if e.signing_status in ("approved", "rejected")),
                     key=lambda e: e.signing_decided_at or e.created_at, reverse=True)[:20]
    return render_template("admin/approvals.html", pending=pending, decided=decided)


@blp.post("/approvals/<enterprise_id>")
@roles_required("operator")
def decide(enterprise_id):
    """Approve or reject one application (a reason is required to reject)."""
    approve = request.form.get("decision") == "approve"
    reason = form_values("reason")["reason"]
    flash_outcome(lambda: service.decide_signing(current_user(), enterprise_id, approve, reason),
                  lambda enterprise: _("已通过「%(name)s」的申请。", name=enterprise.name) if approve
                  else _("已驳回「%(name)s」的申请。", name=enterprise.name))
    return redirect(url_for("admin.approvals"))
