"""Input hygiene in one place: text with control characters is refused (422) before any view runs.

The rule is backend/core/text.py's. Two doors: `reject_control_characters` for query strings,
path parameters, form fields, file names and the headers the app stores; `Schema` (the base of
every input schema) for JSON bodies, which can carry "\u0000" anywhere.
"""
import marshmallow
from flask import request
from flask_babel import lazy_gettext as _l

from backend.core.errors import ValidationFailed
from backend.core.text import PATTERN, has_control

MESSAGE = _l("不能包含控制字符")
# Headers whose values the app stores or compares; werkzeug hands them over unchecked.
STORED_HEADERS = ("Idempotency-Key", "X-Host-Token", "Last-Event-ID", "User-Agent")


def first_control(data, path: str = "") -> str | None:
    """The dotted path of the first string (key or value) in data holding a refused character."""
    if isinstance(data, str):
        return (path or "_schema") if has_control(data) else None
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, (list, tuple)) else ()
    for key, value in items:
        where = f"{path}.{key}" if path else str(key)
        if has_control(key):
            return where
        if found := first_control(value, where):
            return found
    return None


def refuse(field: str) -> ValidationFailed:
    """The 422 naming the field that held a control character."""
    return ValidationFailed(_l("提交的数据含有控制字符（%(field)s）", field=field), code="validation_error",

                            fields={field: [MESSAGE]})


def reject_control_characters() -> None:
    """before_request: refuse control characters in the URL, form fields, file names and stored headers."""
    for name, value in (request.view_args or {}).items():
        if has_control(value):
            raise refuse(name)
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            if has_control(name) or has_control(value):
                raise refuse(name)
    for name, upload in request.files.items(multi=True):
        if has_control(name) or has_control(upload.filename):
            raise refuse(name)
    for name in STORED_HEADERS:
        if has_control(request.headers.get(name)):
            raise refuse(name)


class Schema(marshmallow.Schema):
    """The base of every schema that loads input: the control-character rule for JSON bodies."""

    @marshmallow.pre_load(pass_collection=True)  # the whole list at once: its index joins the field's name
    def _no_control_characters(self, data, many, **_):
        loaded = data
        if self.unknown == marshmallow.EXCLUDE:
            # What the schema drops never reaches anything; check only what it loads.
            declared = {field.data_key or name for name, field in self.load_fields.items()}
            keep = lambda item: {k: v for k, v in item.items() if k in declared} if isinstance(item, dict) else item  # noqa: E731
            loaded = [keep(item) for item in data] if many and isinstance(data, list) else keep(data)
        where = first_control(loaded)
        if where:
            raise marshmallow.ValidationError({where: [MESSAGE]})
        return data


def publish_rule(self, field, **_) -> dict:
    """apispec attribute function: every input string says which characters it refuses."""
    if not isinstance(field, marshmallow.fields.String) or field.metadata.get("pattern") \
            or any(isinstance(v, (marshmallow.validate.Regexp, marshmallow.validate.OneOf)) for v in field.validators):
        return {}
    owner = field.parent
    while owner is not None and not isinstance(owner, marshmallow.Schema):
        owner = owner.parent
    return {"pattern": PATTERN} if isinstance(owner, Schema) else {}


def register(app) -> None:
    """Install the URL, form and header door on an app."""
    app.before_request(reject_control_characters)
