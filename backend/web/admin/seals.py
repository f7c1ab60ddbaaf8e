"""The enterprise admin's seals: upload, generate, preview, grant, revoke."""
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from backend.core.errors import AppError, field_error
from backend.models.enterprise import SEAL_KINDS
from backend.services import employees as employee_service
from backend.services import seals as service
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.forms import error_context, flash_outcome, form_values

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_IMAGE_BYTES = 2 * 2**20
KIND_LABELS = {"official": lazy_gettext("公章"), "contract": lazy_gettext("合同专用章"),
               "finance": lazy_gettext("财务专用章"), "personnel": lazy_gettext("人事专用章"),
               "invoice": lazy_gettext("发票专用章"), "other": lazy_gettext("其他")}


def _render(status: int = 200, **ctx):
    user = current_user()
    seals = service.list_seals(user)
    grants = {seal.id: service.list_grants(user, seal.id) for seal in seals}
    ctx.setdefault("values", {})
    return render_template("admin/seals.html", seals=seals, grants=grants,
                           employees=employee_service.assignable_employees(user), kinds=SEAL_KINDS,
                           kind_labels=KIND_LABELS, **ctx), status


@blp.get("/seals")
@roles_required("admin")
def seals():
    """The enterprise's seals with their grants."""
    return _render()


@blp.post("/seals")
@roles_required("admin")
def create_seal():
    """Upload a seal image, or generate the round red seal (`action=generate`)."""
    values = form_values("name", "kind", limit=50)
    generate = request.form.get("action") == "generate"
    try:
        if generate:
            seal = service.generate_seal(current_user(), values["name"], values["kind"])
        else:
            upload = request.files.get("image")
            if upload is None or not upload.filename:
                raise field_error("image", _("请选择印章图片（PNG或JPEG）"))
            seal = service.upload_seal(current_user(), values["name"], values["kind"],
                                       upload.read(MAX_IMAGE_BYTES + 1))
    except AppError as exc:
        form = "generate" if generate else "upload"
        return _render(exc.status, values=values, form=form, **error_context(exc))
    flash(_("已添加印章「%(name)s」。", name=seal.name), "success")
    return redirect(url_for("admin.seals"))


@blp.post("/seals/<seal_id>/retire")
@roles_required("admin")
def retire_seal(seal_id):
    """Retire a seal; its grants stop working."""
    flash_outcome(lambda: service.deactivate_seal(current_user(), seal_id),
                  lambda seal: _("已停用印章「%(name)s」。", name=seal.name))
    return redirect(url_for("admin.seals"))


def _expiry(value: str):
    # A date picked in China means "until the end of that day" there.
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise field_error("expires_at", _("日期格式应为 YYYY-MM-DD")) from None
    return datetime.combine(day, time(23, 59, 59), SHANGHAI)


@blp.post("/seals/<seal_id>/grants")
@roles_required("admin")
def grant_seal(seal_id):
    """Grant a seal to an employee, optionally until a date."""
    values = form_values("employee_id", "expires_at", limit=20)
    try:
        if not values["employee_id"]:
            raise field_error("employee_id", _("请选择员工"))
        grant = service.grant_seal(current_user(), seal_id, values["employee_id"], _expiry(values["expires_at"]))
    except AppError as exc:
        return _render(exc.status, grant_seal_id=seal_id, values=values, **error_context(exc))
    flash(_("已授权「%(name)s」使用该印章。", name=grant.employee.name), "success")
    return redirect(url_for("admin.seals"))


@blp.post("/seals/<seal_id>/grants/<grant_id>/revoke")
@roles_required("admin")
def revoke_grant(seal_id, grant_id):
    """Withdraw a grant."""
    flash_outcome(lambda: service.revoke_grant(current_user(), seal_id, grant_id),
                  lambda grant: _("已撤销「%(name)s」的授权。", name=grant.employee.name))
    return redirect(url_for("admin.seals"))
