"""Liveness and readiness for load balancers and orchestrators."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from backend.core import readiness

blp = Blueprint("health", __name__, description="Liveness and readiness")


class HealthOut(Schema):
    status = fields.Str(metadata={"description": "ok, or unavailable"})
    database = fields.Str(metadata={"description": "ok, or what went wrong"})
    store = fields.Str(metadata={"description": "ok, or what went wrong"})
    redis = fields.Str(metadata={"description": "ok, or what went wrong (only when REDIS_URL is set)"})


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthOut)
def healthz():
    """The process answers."""
    return {"status": "ok"}


@blp.route("/readyz", methods=["GET"])
@blp.response(200, HealthOut)
@blp.alt_response(503, schema=HealthOut, description="the database, the store or Redis does not answer")
def readyz():
    """The database, the file store and (when configured) Redis answer too."""
    states = readiness.check()
    ready = all(state == "ok" for state in states.values())
    return {"status": "ok" if ready else "unavailable", **states}, 200 if ready else 503
