"""The enterprise admin's employee registry: list, search, add, edit, import, invite, disable."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from backend.core.errors import AppError
from backend.services import employees as service
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.forms import error_context, flash_outcome, form_values, page_arg
from backend.web.admin.labels import ID_TYPE_LABELS

MAX_CSV_BYTES = 2 * 2**20


def _render(status: int = 200, **ctx):
    q, page = (request.args.get("q") or "").strip()[:50], page_arg()
    items, total = service.list_employees(current_user(), q, page)
    pages = max(1, -(-total // service.PAGE_SIZE))
    ctx.setdefault("values", {})
    return render_template("admin/employees.html", employees=items, total=total, q=q, page=page, pages=pages,
                           masked_id=service.masked_id_number, masked_phone=service.masked_phone,
                           id_type_labels=ID_TYPE_LABELS, **ctx), status


@blp.get("/employees")
@roles_required("admin")
def employees():
    """The employee list with search and pagination."""
    return _render()


@blp.post("/employees")
@roles_required("admin")
def add_employee():
    """Register one employee; a refusal is shown next to the form."""
    values = form_values("name", "id_type", "id_number", "id_country", "phone", limit=50)
    try:
        employee = service.create_employee(current_user(), values["name"], values["id_number"], values["phone"],
                                           values["id_type"] or "resident_id", values["id_country"] or None)
    except AppError as exc:
        return _render(exc.status, values=values, **error_context(exc))
    flash(_("已添加员工「%(name)s」。", name=employee.name), "success")
    return redirect(url_for("admin.employees"))


def _list_args() -> dict:
    # Where the list was: editing keeps the search and the page.
    q, page = (request.args.get("q") or "").strip()[:50], page_arg()
    return {"q": q or None, "page": page if page > 1 else None}


@blp.get("/employees/<employee_id>/edit")
@roles_required("admin")
def edit_employee(employee_id):
    """The list with an edit form for one employee's name and phone."""
    employee = service.get_employee(current_user(), employee_id[:32])
    return _render(editing=employee, edit_values={"name": employee.name}, list_args=_list_args())


@blp.post("/employees/<employee_id>/edit")
@roles_required("admin")
def update_employee(employee_id):
    """Save a new name or phone (a new phone must be activated again); blank phone keeps the old one."""
    employee = service.get_employee(current_user(), employee_id[:32])
    values = form_values("name", "phone", limit=50)
    changes = {"name": values["name"], **({"phone": values["phone"]} if values["phone"] else {})}
    was_active = employee.status == "active"
    try:
        employee = service.update_employee(current_user(), employee.id, changes)
    except AppError as exc:
        return _render(exc.status, editing=employee, edit_values=values, list_args=_list_args(),
                       edit_error=exc.message, edit_field_errors=exc.fields or {})
    flash(_("已保存「%(name)s」的信息。", name=employee.name), "success")
    if was_active and employee.status == "invited":
        flash(_("手机号已变更，请重新邀请「%(name)s」激活。", name=employee.name), "success")
    return redirect(url_for("admin.employees", **_list_args()))


@blp.post("/employees/import")
@roles_required("admin")
def import_employees():
    """Import a CSV and show what was created and every refused line."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render(422, import_error=_("请选择要导入的CSV文件。"))
    data = upload.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        return _render(413, import_error=_("文件过大（最大2 MB）。"))
    try:
        report = service.import_employees(current_user(), data)
    except AppError as exc:
        return _render(exc.status, import_error=exc.message)
    return _render(import_report=report)


@blp.post("/employees/<employee_id>/invite")
@roles_required("admin")
def invite_employee(employee_id):
    """Text the activation link to the employee."""
    flash_outcome(lambda: service.invite_employee(current_user(), employee_id),
                  lambda employee: _("已向「%(name)s」发送激活短信。", name=employee.name))
    return redirect(request.referrer if _same_page(request.referrer) else url_for("admin.employees"))


@blp.post("/employees/<employee_id>/status")
@roles_required("admin")
def set_employee_status(employee_id):
    """Disable an employee, or enable them again."""
    target = "disabled" if request.form.get("status") == "disabled" else "active"
    flash_outcome(lambda: service.update_employee(current_user(), employee_id, {"status": target}),
                  lambda employee: _("已停用「%(name)s」。", name=employee.name) if target == "disabled"
                  else _("已启用「%(name)s」。", name=employee.name))
    return redirect(request.referrer if _same_page(request.referrer) else url_for("admin.employees"))


def _same_page(referrer: str | None) -> bool:
    # Keep the search and page after an action, but only back to our own list.
    return bool(referrer) and referrer.startswith(request.host_url + "admin/employees")
