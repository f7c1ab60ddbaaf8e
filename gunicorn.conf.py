"""Production settings for gunicorn: `gunicorn -c gunicorn.conf.py wsgi:app` (the Procfile's web process)."""
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads: a big screen's event stream holds one while it is open (LIVE_STREAM_SECONDS at most).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A worker that stops answering its arbiter for this long is replaced; a PDF's work has its own budget.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On deploy or SIGTERM: finish the requests in flight (streams end and the browsers reconnect elsewhere).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Jobs run in their own `flask --app wsgi worker` processes, never in the web workers.
raw_env = ["RUN_WORKER=0"]
# Our own JSON log line per request replaces gunicorn's access log.
accesslog = None
errorlog = "-"
# Request bodies: the app refuses more than MAX_CONTENT_LENGTH itself; these bound the headers.
limit_request_line = 8190
limit_request_fields = 100


def child_exit(server, worker):
    """Drop a dead worker's series from the Prometheus multiprocess directory, if one is used."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
