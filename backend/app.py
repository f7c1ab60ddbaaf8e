"""The application factory."""
import logging

from flask import Flask, jsonify
from sqlalchemy import text

from . import database, infra
from .api import errors as api_errors
from .config import load_config
from .extensions import babel, db, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Signstage app; test_config overrides the environment."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(load_config(test_config))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if app.config.get("FAST_PASSWORD_HASHING"):
        from .security.passwords import use_fast_hashing
        use_fast_hashing()
    db.init_app(app)
    with app.app_context():
        database.configure(db.engine)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    babel.init_app(app)
    infra.install(app)
    app.jinja_env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}

    from . import models  # noqa: F401  (every table known before the first query)
    from .api import register as register_api
    register_api(app)
    api_errors.register(app)
    _register_health(app)


    @app.teardown_request
    def _end_transaction(_exc):
        # Also when an outer app context lives on (tests, CLI): no request may leave a transaction
        # open, since on SQLite every transaction holds the write lock.
        db.session.remove()
    from .pages import register as register_pages
    register_pages(app)

    from .cli import register as register_cli
    register_cli(app)
    if app.config["RUN_WORKER"]:
        _start_worker_with_first_request(app)
    return app


def _start_worker_with_first_request(app: Flask) -> None:
    """Run signing jobs in a daemon thread of each serving process (the embedded default).

    Started by the first request, so CLI commands (db upgrade, demo, worker) never start one and
    every forked gunicorn worker starts its own.
    """
    import threading

    from .services.jobs import work_forever
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


def _migrations_dir():
    from pathlib import Path
    return Path(__file__).resolve().parent.parent / "migrations"


def _register_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        try:
            db.session.execute(text("SELECT 1"))
        except Exception as exc:  # any database failure means not ready
            return jsonify(status="unavailable", error=type(exc).__name__), 503
        return jsonify(status="ok", database="ok")
