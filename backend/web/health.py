"""Liveness and readiness for load balancers and orchestrators."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from backend.core.extensions import db

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    """The process answers."""
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz():
    """The database answers too."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any database failure means not ready
        return jsonify(status="unavailable", error=type(exc).__name__), 503
    return jsonify(status="ok", database="ok")
