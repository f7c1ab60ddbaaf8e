"""Production settings for gunicorn: `gunicorn -c gunicorn.conf.py asgi:app` (the Procfile's web process)."""
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# uvicorn workers: big-screen streams live on the event loop (a socket each, no thread); every other
# request runs in the app's thread pool, GUNICORN_THREADS per worker (read by asgi.py). `wsgi:app`
# with `-k gthread` still works, but there each open screen holds a thread.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "uvicorn_worker.UvicornWorker")
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


def when_ready(server):
    """Say at start why screens would lag: several processes and no Redis to carry events between them."""
    # Under gunicorn jobs always run in separate worker processes (raw_env below): never one process.
    if not os.environ.get("REDIS_URL"):
        server.log.warning(
            "REDIS_URL is not set, but %d web worker(s) and a separate job worker share this deployment: a "
            "seal signed through one process reaches screens streaming from another only when they poll "
            "(LIVE_POLL_SECONDS), and the job worker starts only on its own poll. Set REDIS_URL.", workers)


def child_exit(server, worker):
    """Drop a dead worker's series from the Prometheus multiprocess directory, if one is used."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
