"""Small helpers shared by the page views: form values, button outcomes and paging."""
from flask import flash, request

from backend.core.errors import AppError


def form_values(*names: str, limit: int = 200) -> dict:
    """The named form fields, stripped and length-capped (bad input never reaches a 500)."""
    return {name: (request.form.get(name) or "").strip()[:limit] for name in names}


def error_context(exc: AppError) -> dict:
    """Template variables that show a refusal next to its form."""
    return {"error": exc.message, "field_errors": exc.fields or {}}


def flash_outcome(action, success) -> None:
    """Run a button's service call: flash its refusal, or the success message made from its result."""
    try:
        result = action()
    except AppError as exc:
        flash(exc.message, "error")
    else:
        flash(success(result), "success")


def safe_next(target: str | None) -> str | None:
    """Target if it is a path inside the admin pages, else None."""
    # An open redirect would help phishing.
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return None


def page_arg() -> int:
    """The ?page= number, 1 when missing or nonsense."""
    try:
        return max(1, min(int(request.args.get("page", 1)), 100000))
    except ValueError:
        return 1


def check_username(value: str, field: str = "username") -> None:
    """Refuse usernames the API schema would refuse (3–64 characters)."""
    from flask_babel import gettext as _

    from backend.core.errors import field_error
    if not 3 <= len(value) <= 64:
        raise field_error(field, _("用户名应为3–64个字符"))
