"""How every error becomes an HTTP answer: JSON for APIs, HTML elsewhere."""
import logging
import sqlite3

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from backend.core.errors import AppError, ServiceBusy
from backend.web.field_messages import translated_fields

log = logging.getLogger("signstage.web")

_CODES = {400: "bad_request", 401: "not_signed_in", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
          422: "validation_error", 423: "locked_out", 429: "too_many_requests", 500: "internal_error",
          502: "upstream_unavailable", 503: "busy"}

_MESSAGES = {400: _l("请求格式错误"), 404: _l("资源不存在"),
             405: _l("不支持该请求方法"), 413: _l("上传内容过大"),
             415: _l("不支持的内容类型"), 422: _l("提交的数据有误"),
             429: _l("请求过于频繁，请稍后再试"),
             500: _l("服务器内部错误")}

JSON_PREFIXES = ("/api/", "/screen/", "/h5/api/", "/healthz", "/readyz")


def wants_json() -> bool:
    """True for API paths, and wherever the client asked for JSON."""
    return request.path.startswith(JSON_PREFIXES) or request.accept_mimetypes.best == "application/json"


def json_error(status: int, code: str, message: str, fields: dict | None = None, **extra):
    """Build the contract's error body."""
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return jsonify({"error": body}), status


def _flatten_webargs(messages: dict) -> dict:
    # webargs nests by location ({"json": {...}}); clients want field names.
    fields = {}
    for location, errors in messages.items():
        if isinstance(errors, dict):
            for name, errs in errors.items():
                fields[str(name)] = errs if isinstance(errs, (list, dict)) else [errs]
        else:
            fields[location] = errors if isinstance(errors, list) else [errors]
    return fields


def handle_http_exception(error: HTTPException):
    """Render werkzeug and webargs errors in the contract's format on API paths."""
    if not wants_json():
        return error.get_response()
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or (data.get("errors") if isinstance(data.get("errors"), dict) else None)
    if status == 400 and messages and "json" in messages and messages["json"] == ["Invalid JSON body."]:
        return json_error(400, "malformed_json", _l("请求体不是有效的JSON"))
    fields = translated_fields(_flatten_webargs(messages)) if messages else None
    body, status = json_error(status, _CODES.get(status, "error"), _MESSAGES.get(status, error.description or ""), fields)
    # The exception's own headers carry meaning: Allow on 405, Retry-After and the limits on 429.
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            body.headers[name] = value
    return body, status


def handle_app_error(error: AppError):
    """Render domain errors."""
    headers = {"Retry-After": str(error.extra["retry_after"])} if "retry_after" in error.extra else {}
    if not wants_json():
        return render_template("error.html", message=error.message, status=error.status), error.status, headers
    return jsonify(error.as_dict()), error.status, headers


# SQLSTATEs of a busy or unreachable server: lock not available, statement timeout, connection failures.
_BUSY_SQLSTATES = ("55P03", "57014", "57P01", "08")
BUSY_RETRY_AFTER_SECONDS = 2


def database_busy(error: Exception) -> bool:
    """True when the database was busy or out of reach (retrying helps), not for a bug in a query."""
    orig = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(orig, sqlite3.OperationalError):
        return "database is locked" in str(orig)
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(_BUSY_SQLSTATES)
    # A server driver's operational error without a SQLSTATE never reached the server (refused, reset).
    return isinstance(error, OperationalError)


def handle_unexpected(error: Exception):
    """Log a bug and answer with a JSON 500 on API paths."""
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    if database_busy(error):
        # Nothing was stored (the transaction did not commit): the client may send the same request again.
        log.warning("database unavailable on %s %s: %s", request.method, request.path, error)
        return handle_app_error(ServiceBusy(_l("服务繁忙，请稍后重试"),
                                            extra={"retry_after": BUSY_RETRY_AFTER_SECONDS}))
    log.exception("unhandled error on %s %s", request.method, request.path)
    if wants_json():
        return json_error(500, "internal_error", _MESSAGES[500])
    return "Internal Server Error", 500


def register(app) -> None:
    """Install the handlers on an app."""
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
