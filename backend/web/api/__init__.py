"""The JSON API (`/api`): thin views that parse, call a service and serialise."""
from werkzeug.routing import PathConverter, UnicodeConverter

from backend.core.text import PATTERN_CLASS
from backend.web.api import (
    activation,
    api_keys,
    auth,
    contracts,
    copies,
    counterparties,
    documents,
    employees,
    enterprises,
    layouts,
    meetings,
    previews,
    rehearsals,
    seals,
    signer,
    signer_strings,
    users,
    webhooks,
)
from backend.web.api.openapi import HonestSpec, SignstageApi
from backend.web.input import publish_rule

BLUEPRINTS = (auth.blp, enterprises.blp, users.blp, employees.blp, seals.blp, activation.blp,
              meetings.blp, layouts.blp, documents.blp, signer.blp, signer_strings.blp, contracts.blp,
              copies.blp, counterparties.blp, rehearsals.blp, previews.blp, api_keys.blp, webhooks.blp)


def register(app, extra: tuple = ()) -> SignstageApi:
    """Attach every API blueprint; flask-smorest publishes them as OpenAPI 3."""
    app.config.setdefault("API_SPEC_OPTIONS", {
        "components": {"securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "A login token (POST /api/auth/login), or an enterprise's API key (ssk_live_…, made by "
                           "its admin at POST /api/api-keys): read keys may GET and HEAD, write keys act as organizer"}}},
        "security": [{"bearer": []}],
    })
    api = SignstageApi(app, spec_kwargs={"extra_plugins": [HonestSpec()]})
    api.ma_plugin.converter.add_attribute_function(publish_rule)
    # Path parameters obey the control-character rule too (backend/web/input.py refuses them).
    api.register_converter(UnicodeConverter, lambda _converter: {"type": "string", "minLength": 1,
                                                                  "pattern": f"^[^/{PATTERN_CLASS}]+$"})
    api.register_converter(PathConverter, lambda _converter: {"type": "string", "minLength": 1,
                                                              "pattern": f"^[^{PATTERN_CLASS}]+$"})
    for blp in BLUEPRINTS + extra:
        api.register_blueprint(blp)
    return api
