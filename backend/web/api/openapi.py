"""What the published spec says beyond the routes' own decorators: the real error body, each
operation's error statuses, and the few bodies a decorator cannot state.

Every operation lists the statuses it can answer instead of a catch-all `default`, so that a
checker (tests/api/test_schemathesis.py) catches an answer the spec does not announce.
"""
from http import HTTPStatus

from apispec import BasePlugin
from flask_smorest import Api
from marshmallow import INCLUDE, Schema, fields


class ErrorDetail(Schema):
    class Meta:
        unknown = INCLUDE  # AppError extras ride along: retry_after, opens_at, ...

    code = fields.Str(required=True, metadata={"description": "stable, machine-readable (validation_error, not_found, ...)"})
    message = fields.Str(required=True, metadata={"description": "for people, in the request's language (Accept-Language)"})
    fields_ = fields.Dict(data_key="fields", keys=fields.Str(), values=fields.Raw(),
                          metadata={"description": "which input was wrong: field name -> messages"})


class ErrorOut(Schema):
    error = fields.Nested(ErrorDetail, required=True)


# Success bodies a route's decorators cannot state.
SUCCESS = {
    # A short link is opened by a phone's browser: its errors are pages, not JSON.
    "links.follow": {"302": {"description": "To the link's target (`Location`)."},
                     **{status: {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}
                        for status, description in (("404", "No such link (an HTML page)."),
                                                    ("422", "A control character in the code (an HTML page)."),
                                                    ("503", "The database was busy (an HTML page)."))}},
}

# Operations that take no bearer token: public, or keyed by a token in the URL.
# /metrics asks for a bearer token only when METRICS_TOKEN is set: the deployment decides.
PUBLIC_PREFIXES = ("auth.login", "activation.", "signer.login", "screen.", "health.", "contracts.verify", "links.",
                   "signer_strings.", "metrics.", "copies.show", "copies.send_sms", "copies.verify")

# Where a write can meet a state that refuses it.
STATEFUL_PREFIXES = ("enterprises.", "employees.", "seals.", "meetings.", "layouts.", "documents.", "counterparties.",
                     "rehearsals.")

# Error statuses beyond those every operation of its kind can answer (see error_statuses).
EXTRA_ERRORS = {
    "auth.login": {401},
    "signer.login": {429, 502},
    "signer.sms": {429, 502},
    "signer.verify": {423, 429, 502},
    "activation.show": {429},
    "activation.send_sms": {429, 502},
    "activation.verify": {423, 429},
    "contracts.verify": {429},
    "contracts.show": {409},  # a rehearsal makes no contract
    "contracts.pdf": {409},
    "contracts.audit": {409},
    "contracts.audit_pdf": {409},
    "contracts.evidence": {409},
    "contracts.poster_png": {409},
    "contracts.poster_pdf": {409},
    "screen.host_layout": {403},
    "screen.reset_attempts": {403},
    "screen.reopen_signer": {403, 409},
    "screen.qr": {502},
    "copies.show": {410},
    "copies.send_sms": {410, 429, 502},
    "copies.verify": {410, 429, 502},
    "copies.summary": {410},
    "copies.document": {410, 429},
    "copies.audit_pdf": {410, 429},
    "signer.copy_document": {429},
    "signer.copy_audit": {429},
}


def error_statuses(endpoint: str, method: str, path: str, operation: dict) -> set[int]:
    """The error statuses an operation can answer, from what it takes and who may call it."""
    statuses = set() if endpoint == "health.healthz" else {503}  # 503: the database was busy; send it again
    if operation.get("security") != []:
        statuses |= {401, 403}  # not signed in; a role, scene or CSRF check refused
    if "{" in path:
        statuses |= {404, 422}  # nothing by that name; a control character in it
    if any(p.get("in") == "query" for p in operation.get("parameters", [])):
        statuses.add(422)
    if "requestBody" in operation:
        statuses |= {400, 413, 422}  # malformed body, over MAX_CONTENT_LENGTH, a broken rule
    if endpoint.startswith("signer.") and endpoint != "signer.login":
        statuses.add(409)  # the meeting was cancelled or has ended, already signed, ...
    elif method != "get" and endpoint.startswith(STATEFUL_PREFIXES):
        statuses.add(409)  # the state does not allow it now (booked, applied, granted, ...)
    return statuses | EXTRA_ERRORS.get(endpoint, set())


def _operations(operations, rule):
    if rule is None or not operations:
        return
    for method, operation in operations.items():
        if method in ("get", "post", "put", "patch", "delete"):
            yield method, operation


class HonestSpec(BasePlugin):
    """apispec plugin: fill in each operation's error responses and the bodies listed in SUCCESS."""

    def path_helper(self, path=None, operations=None, **kwargs):
        # Before the marshmallow plugin's operation_helper, which turns the schemas in SUCCESS into refs.
        rule = kwargs.get("rule")
        for _method, operation in _operations(operations, rule):
            if rule.endpoint.startswith(PUBLIC_PREFIXES):
                operation["security"] = []
            responses = operation.setdefault("responses", {})
            for status, response in SUCCESS.get(rule.endpoint, {}).items():
                responses.pop(int(status), None)
                responses[status] = response

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        for method, operation in _operations(operations, rule):
            responses = operation.setdefault("responses", {})
            declared = {str(status) for status in responses}
            for status in sorted(error_statuses(rule.endpoint, method, path, operation)):
                if str(status) not in declared:
                    responses[str(status)] = HTTPStatus(status).name


class SignstageApi(Api):
    """flask-smorest's Api with the app's error body and no catch-all error response."""

    ERROR_SCHEMA = ErrorOut
    DEFAULT_ERROR_RESPONSE_NAME = None
