"""The Prometheus series the app itself counts; the backlog gauges are read from the database at scrape time.

With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR (prometheus-client's multiprocess mode) so a
scrape sums every worker; otherwise each scrape sees the worker that answered it.
"""
import os

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess

REQUEST_SECONDS = Histogram("signstage_request_seconds", "Time to answer a request, by route",
                            ["method", "route", "status"],
                            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
SIGN_REQUESTS = Counter("signstage_sign_requests", "Sign requests, by outcome (signed, refused, error)", ["outcome"])
LIVE_STREAMS = Gauge("signstage_live_streams", "Live event streams open now", multiprocess_mode="livesum")


def exposition() -> bytes:
    """The text format of this process's series (or every worker's, in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def gauges_text(values: dict[str, tuple[str, float]]) -> bytes:
    """Gauges read at scrape time ({name: (help, value)}), in the text format."""
    registry = CollectorRegistry()
    for name, (doc, value) in values.items():
        Gauge(name, doc, registry=registry).set(value)
    return generate_latest(registry)
