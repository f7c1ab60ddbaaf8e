"""Liveness and readiness for load balancers and orchestrators."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from backend.core.extensions import db

blp = Blueprint("health", __name__, description="Liveness and readiness")


class HealthOut(Schema):
    status = fields.Str(metadata={"description": "ok, or unavailable"})
    database = fields.Str()
    error = fields.Str()


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthOut)
def healthz():
    """The process answers."""
    return {"status": "ok"}


@blp.route("/readyz", methods=["GET"])
@blp.response(200, HealthOut)
@blp.alt_response(503, schema=HealthOut, description="the database does not answer")
def readyz():
    """The database answers too."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any database failure means not ready
        return {"status": "unavailable", "error": type(exc).__name__}, 503
    return {"status": "ok", "database": "ok"}
