"""The domain error hierarchy; only the web layer turns these into HTTP answers."""


def _plain(value):
    # A lazy string says its __html__ is safe, so a template would not escape it (nor the user data in its
    # placeholders): whoever reads an error gets plain strings, in the language of the request reading it.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


class AppError(Exception):
    """A refusal the user can understand: a stable code, a message and optional field errors.

    The message (and field messages) may be lazy catalogue strings: they are read as plain text in the
    language of the request.
    """

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None,
                 status: int | None = None, extra: dict | None = None):
        super().__init__(message)
        self._message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.fields = fields or {}
        self.extra = extra or {}

    @property
    def message(self) -> str:
        """The message in the request's language."""
        return str(self._message)

    @property
    def fields(self) -> dict:
        """Field name -> messages, in the request's language."""
        return _plain(self._fields)

    @fields.setter
    def fields(self, value: dict) -> None:
        self._fields = value

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.fields:

            body["fields"] = self.fields
        body.update(self.extra)
        return {"error": body}


class ValidationFailed(AppError):
    """422: the input breaks a rule; `fields` says where."""

    status, code = 422, "validation_error"


class NotSignedIn(AppError):
    """401: no valid credentials came with the request."""

    status, code = 401, "not_signed_in"


class Forbidden(AppError):
    """403: the caller may not do this."""

    status, code = 403, "forbidden"


class NotFound(AppError):
    """404: nothing of the caller's goes by that name."""

    status, code = 404, "not_found"


class Conflict(AppError):
    """409: the current state does not allow it."""

    status, code = 409, "conflict"


class Gone(AppError):
    """410: it existed, and is no longer available (an expired link)."""

    status, code = 410, "gone"


class TooLarge(AppError):
    """413: the upload is over its limit."""

    status, code = 413, "too_large"


class LockedOut(AppError):
    """423: too many failed attempts for now."""

    status, code = 423, "locked_out"


class TooManyRequests(AppError):
    """429: sent too often; try again later."""

    status, code = 429, "too_many_requests"


class UpstreamUnavailable(AppError):
    """502: a provider (WeChat, SMS) could not be reached."""

    status, code = 502, "upstream_unavailable"


class ServiceBusy(AppError):
    """503: the database was busy; nothing was stored, send it again."""

    status, code = 503, "busy"


def field_error(field: str, message: str, *, code: str = "validation_error") -> ValidationFailed:
    """Return a 422 naming one field."""
    return ValidationFailed(message, code=code, fields={field: [message]})
