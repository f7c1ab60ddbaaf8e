"""Sign-in, sign-out, the home redirect and the admin pages' error pages."""

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import HTTPException

from backend.core.errors import AppError
from backend.core.languages import LANGUAGES
from backend.models.status import MEETING_LABELS
from backend.services import accounts
from backend.web.admin import blp
from backend.web.admin.access import ROLE_HOME, current_user
from backend.web.admin.forms import safe_next

STATUS_LABELS = {
    "none": _l("未申请"), "pending": _l("待审批"), "approved": _l("已开通"), "rejected": _l("已驳回"),
    "invited": _l("待激活"), "active": _l("已激活"), "disabled": _l("已停用"),
    **MEETING_LABELS,
}


@blp.app_template_filter("status_label")
def _status_label(value: str) -> str:
    return str(STATUS_LABELS[value]) if value in STATUS_LABELS else value


@blp.get("/")
def index():
    """Send a signed-in user to their first page, anyone else to sign-in."""
    user = current_user()
    if user is None:
        return redirect(url_for("admin.login"))
    return redirect(url_for(ROLE_HOME.get(user.role, "admin.login")))


@blp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; on success start a fresh session."""
    error, username = None, ""
    if request.method == "POST":
        username = request.form.get("username", "")[:64]
        try:
            user = accounts.authenticate(username, request.form.get("password", "")[:200])
        except AppError as exc:
            error = exc.message
        else:
            # A new session on sign-in: nothing planted before it survives (session fixation).
            session.clear()
            session["user_id"] = user.id
            generate_csrf()  # a fresh token for the new session
            if user.language is None and request.args.get("lang") in LANGUAGES:
                # The sign-in page's switch is the same choice as the layout's: keep it.
                accounts.choose_language(user, request.args["lang"])
            return redirect(safe_next(request.args.get("next")) or url_for("admin.index"))
    return render_template("admin/login.html", error=error, username=username), 401 if error else 200


@blp.post("/logout")
def logout():
    """Sign out: forget the session."""
    session.clear()
    return redirect(url_for("admin.login"))


@blp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    messages = {404: _("页面不存在或无权访问。"), 405: _("不支持该请求方法。"),
                413: _("上传的文件过大。"), 400: _("请求格式有误。")}
    # Our own aborts carry a Chinese description; werkzeug's defaults are English.
    custom = error.description if error.code == 403 else None
    message = custom or messages.get(error.code) or _("出错了，请稍后重试。")
    return render_template("admin/error.html", status=error.code, message=message), error.code


@blp.errorhandler(AppError)
def _app_error(error: AppError):
    return render_template("admin/error.html", status=error.status, message=error.message), error.status
