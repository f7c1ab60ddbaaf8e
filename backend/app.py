"""The application factory: configuration, extensions, every blueprint and hook, named here."""
import threading
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from backend import cli
from backend.core import database, live, logs, resources
from backend.core.config import load_config
from backend.core.extensions import babel, csrf, db, limiter, migrate
from backend.core.live.signals import on_jobs_queued
from backend.core.security.passwords import use_fast_hashing
from backend.services.jobs import wake as wake_worker
from backend.services.jobs import work_forever
from backend.web import admin, api, errors, headers, health, input, languages, links, observability, screen, signer, verify
from backend.web.api import notifications
from backend.web.csrf import forget_cached_token
from backend.web.screen import organizer as screen_preview

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Signstage app; test_config overrides the environment."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(load_config(test_config))
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    logs.configure(app.config["LOG_FORMAT"])
    if app.config.get("FAST_PASSWORD_HASHING"):
        use_fast_hashing()

    db.init_app(app)
    with app.app_context():
        database.configure(db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    babel.init_app(app, locale_selector=languages.select_locale)
    app.before_request(languages.start_request)
    csrf.init_app(app)
    limiter.init_app(app)
    resources.install(app)
    live.install(app)
    on_jobs_queued(wake_worker)  # a sign request anywhere wakes this process's job worker
    app.jinja_env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}

    # Every route but the pages and their assets is in the OpenAPI spec.
    api.register(app, extra=(screen.blp, screen_preview.blp, health.blp, notifications.blp, links.blp,
                             observability.blp))
    for blueprint in (admin.blp, signer.blp, verify.blp):
        app.register_blueprint(blueprint)
    errors.register(app)
    headers.install(app)
    observability.install(app)
    input.register(app)  # control characters in URLs, forms and stored headers: 422 before any view
    app.before_request(forget_cached_token)
    app.teardown_request(_end_transaction)
    cli.register(app)
    if app.config["RUN_WORKER"]:
        _start_worker_with_first_request(app)
    return app


def _end_transaction(_exc) -> None:
    # Also when an outer app context lives on (tests, CLI): no request may leave a transaction
    # open, since on SQLite every writing transaction holds the write lock.
    db.session.remove()


def _start_worker_with_first_request(app: Flask) -> None:
    """Run signing jobs in a daemon thread of each serving process (the demo's default).

    Started by the first request, so CLI commands (db upgrade, demo, worker) never start one and
    every forked gunicorn worker starts its own. Production runs `flask worker` processes instead.
    """
    lock, started = threading.Lock(), []

    @app.before_request
    def _ensure_worker():
        if started:
            return
        with lock:
            if not started:
                stop = threading.Event()
                app.extensions["signstage"]["worker_stop"] = stop
                threading.Thread(target=work_forever, args=(app, stop), name="signstage-worker",
                                 daemon=True).start()
                started.append(stop)
