"""Request ids, one log line per request, and the Prometheus series: `GET /metrics`.

Log lines and metrics name the route's rule (`/screen/<token>/state`), never the path: paths carry
the secret tokens of screens, scenes and activation links.
"""
import hmac
import logging
import time

from flask import Flask, Response, abort, current_app, g, request
from flask_smorest import Blueprint

from backend.core import metrics
from backend.core.logs import bind_request_id, current_request_id, new_request_id, reset_request_id
from backend.services import backlog

log = logging.getLogger("signstage.request")
blp = Blueprint("metrics", __name__, description="Prometheus metrics")

BACKLOG_HELP = {
    "jobs_queued": "Signing jobs waiting to run",
    "jobs_failed": "Signing jobs that failed for good (flask retry-jobs queues them again)",
    "jobs_oldest_queued_seconds": "Age of the oldest waiting signing job",
    "outbox_backlog": "Messages queued and not yet sent",
}


def _route() -> str:
    return request.url_rule.rule if request.url_rule else "unmatched"


def _start():
    g.request_started = time.perf_counter()
    g.request_id_token = bind_request_id(new_request_id(request.headers.get("X-Request-ID")))


def _finish(response):
    elapsed = time.perf_counter() - g.pop("request_started", time.perf_counter())
    route = _route()
    metrics.REQUEST_SECONDS.labels(request.method, route, str(response.status_code)).observe(elapsed)
    if request.endpoint == "signer.sign":
        outcome = "signed" if response.status_code == 200 else "error" if response.status_code >= 500 else "refused"
        metrics.SIGN_REQUESTS.labels(outcome).inc()
    response.headers.setdefault("X-Request-ID", current_request_id() or "")
    log.info("%s %s %s", request.method, route, response.status_code,
             extra={"method": request.method, "route": route, "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1)})
    return response


def _unbind(_exc):
    token = g.pop("request_id_token", None)
    if token is not None:
        reset_request_id(token)


@blp.get("/metrics")
@blp.doc(responses={"200": {"description": "Prometheus text format",
                            "content": {"text/plain": {"schema": {"type": "string"}}}},
                    "401": {"description": "METRICS_TOKEN is set and the bearer token is not it"}})
def scrape():
    """Prometheus text format; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`."""
    expected = current_app.config.get("METRICS_TOKEN")
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if expected and not hmac.compare_digest(offered, expected):
        abort(401)
    gauges = {f"signstage_{name}": (BACKLOG_HELP[name], value) for name, value in backlog.snapshot().items()}
    body = metrics.exposition() + metrics.gauges_text(gauges)
    return Response(body, mimetype="text/plain; version=0.0.4")


def install(app: Flask) -> None:
    """Time and log every request under its request id (the app registers blp, /metrics, with the API)."""
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_unbind)
