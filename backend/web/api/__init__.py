"""The JSON API (`/api`): thin views that parse, call a service and serialise."""
from flask_smorest import Api

from backend.web.api import (
    activation,
    auth,
    contracts,
    documents,
    employees,
    enterprises,
    layouts,
    meetings,
    seals,
    signer,
    users,
)

BLUEPRINTS = (auth.blp, enterprises.blp, users.blp, employees.blp, seals.blp, activation.blp,
              meetings.blp, layouts.blp, documents.blp, signer.blp, contracts.blp)


def register(app, extra: tuple = ()) -> Api:
    """Attach every API blueprint; flask-smorest publishes them as OpenAPI 3."""
    app.config.setdefault("API_SPEC_OPTIONS", {
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    })
    api = Api(app)
    for blp in BLUEPRINTS + extra:
        api.register_blueprint(blp)
    return api
