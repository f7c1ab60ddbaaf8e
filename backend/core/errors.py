"""The domain error hierarchy; only the web layer turns these into HTTP answers."""


class AppError(Exception):
    """A refusal the user can understand: a stable code, a message and optional field errors."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None,
                 status: int | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.fields = fields or {}
        self.extra = extra or {}

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        body.update(self.extra)
        return {"error": body}


class ValidationFailed(AppError):
    status = 422
    code = "validation_error"


class NotSignedIn(AppError):
    status = 401
    code = "not_signed_in"


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class NotFound(AppError):
    status = 404
    code = "not_found"


class Conflict(AppError):
    status = 409
    code = "conflict"


class TooLarge(AppError):
    status = 413
    code = "too_large"


class LockedOut(AppError):
    status = 423
    code = "locked_out"


class TooManyRequests(AppError):
    status = 429
    code = "too_many_requests"


class UpstreamUnavailable(AppError):
    status = 502
    code = "upstream_unavailable"


class ServiceBusy(AppError):
    status = 503
    code = "busy"


def field_error(field: str, message: str, *, code: str = "validation_error") -> ValidationFailed:
    """Return a 422 naming one field."""
    return ValidationFailed(message, code=code, fields={field: [message]})
