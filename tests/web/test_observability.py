"""Operations: /metrics after a ceremony, and one request id from a sign request into the job it queued."""
import logging

from backend.core.logs import RequestIdFilter
from backend.services import jobs


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_metrics_show_the_named_series_after_a_ceremony(booked, client):
    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    client.get(f"{c.result_url.split('signstage.test', 1)[-1]}/state")
    text = client.get("/metrics").get_data(as_text=True)
    for series in ('signstage_request_seconds_count{method="POST",route="/api/signer/scenes/<scene>/sign",status="200"',
                   'signstage_sign_requests_total{outcome="signed"}', "signstage_live_streams",
                   "signstage_jobs_queued", "signstage_jobs_failed", "signstage_jobs_oldest_queued_seconds",
                   "signstage_outbox_backlog"):
        assert series in text, series
    assert "jobs_queued 2.0" in text  # both signatures wait for the worker
    assert c.phones[0].scene not in text  # routes, never paths: no token reaches the metrics


def test_a_sign_request_and_the_job_it_queued_log_the_same_request_id(booked):
    c = booked()
    a = c.phones[0].login()
    a.verify_by_sms()
    capture = _Records()
    logging.getLogger().addHandler(capture)
    try:
        res = a.sign(key="k-log")
        assert res.status_code == 200
        request_id = res.headers["X-Request-ID"]
        jobs.run_pending()
    finally:
        logging.getLogger().removeHandler(capture)
    sign_lines = [r for r in capture.records if r.name == "signstage.request" and getattr(r, "route", "").endswith("/sign")]
    job_lines = [r for r in capture.records if r.name == "signstage.jobs" and "started" in r.getMessage()]
    assert sign_lines and job_lines
    assert {r.request_id for r in sign_lines} == {request_id}
    assert request_id in {r.request_id for r in job_lines}


def test_a_callers_request_id_is_kept_and_a_bad_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "proxy-abc-12345"}).headers["X-Request-ID"] == "proxy-abc-12345"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id <with> spaces"}).headers["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()


def test_readiness_names_the_dependency_that_does_not_answer(app, client, monkeypatch):
    assert client.get("/readyz").get_json() == {"status": "ok", "database": "ok", "store": "ok"}
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    res = client.get("/readyz")
    assert res.status_code == 503
    body = res.get_json()
    assert body["status"] == "unavailable" and body["database"] == "ok" and body["redis"] != "ok"
