"""Configuration read from the environment (and a `.env` file), with defaults for the demo."""
import json
import os
import secrets
from pathlib import Path

from dotenv import load_dotenv


class ConfigurationError(RuntimeError):
    """The configuration cannot run as given; the message says what to set."""


def multi_node(env) -> bool:
    """Whether several machines share this deployment: MULTI_NODE when set, else whether STORAGE_URL is s3://.

    Processes on one machine (gunicorn workers, `flask worker`) share DATA_DIR and agree on what is
    generated there; only other machines cannot see it.
    """
    flag = (env.get("MULTI_NODE") or "").strip().lower()
    if flag:
        return flag in ("1", "true", "yes")
    return (env.get("STORAGE_URL") or "").startswith("s3://")


def _secret_key(data_dir: Path, env, *, several_nodes: bool) -> str:
    """Return SECRET_KEY from the environment or SECRET_KEY_FILE, or one generated once into DATA_DIR."""
    key = env.get("SECRET_KEY")
    if key:
        return key
    if env.get("SECRET_KEY_FILE"):
        try:
            key = Path(env["SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"cannot read SECRET_KEY_FILE {env['SECRET_KEY_FILE']}: {exc.strerror}") from None
        if not key:
            raise ConfigurationError(f"SECRET_KEY_FILE {env['SECRET_KEY_FILE']} is empty")
        return key
    if several_nodes:
        raise ConfigurationError(
            "a key generated into DATA_DIR is seen by one machine only, and this deployment has several "
            "(STORAGE_URL is s3:// or MULTI_NODE=1): set SECRET_KEY, or SECRET_KEY_FILE to a mounted secret file, "
            "to the same value on every node; an existing single machine's key is in DATA_DIR/secret_key")
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two workers starting together must agree on one key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
        except FileExistsError:
            pass
    return path.read_text().strip()


def _storage(env, data_dir: Path) -> dict:
    """Object storage and the platform CA: where every node finds the same files and keys."""
    several = multi_node(env)
    if several and not env.get("PLATFORM_CA_FILE"):
        raise ConfigurationError(
            "a platform CA generated into DATA_DIR is seen by one machine only, and this deployment has several "
            "(STORAGE_URL is s3:// or MULTI_NODE=1): set PLATFORM_CA_FILE to the CA (PEM with key and certificates, "
            "or PKCS#12) on every node, and PLATFORM_CA_PASSWORD when it is encrypted; a single machine's generated "
            "CA is DATA_DIR/ca/issuing.key + issuing.pem + root.pem")

    return {
        # The default keeps the folder earlier versions used, so existing deployments find their files.
        "STORAGE_URL": env.get("STORAGE_URL") or str(data_dir / "files"),
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": env.get("S3_REGION") or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None,
        "S3_ADDRESSING_STYLE": env.get("S3_ADDRESSING_STYLE", "auto"),
        "MULTI_NODE": several,
        "PLATFORM_CA_FILE": env.get("PLATFORM_CA_FILE") or None,
        "PLATFORM_CA_PASSWORD": env.get("PLATFORM_CA_PASSWORD") or None,
    }


def load_config(overrides: dict | None = None) -> dict:
    """Build the Flask config mapping from environment variables and test overrides."""
    load_dotenv(override=False)
    overrides = dict(overrides or {})
    env = {**os.environ, **{k: v for k, v in overrides.items() if isinstance(v, str)}}
    data_dir = Path(overrides.get("DATA_DIR") or env.get("DATA_DIR") or "instance").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    cfg = {
        "DATA_DIR": str(data_dir),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'signstage.sqlite'}",
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "WECHAT_APPID": env.get("WECHAT_APPID") or None,
        "WECHAT_SECRET": env.get("WECHAT_SECRET") or None,
        "WECHAT_API_BASE_URL": env.get("WECHAT_API_BASE_URL") or None,
        "WECHAT_ENV_VERSION": env.get("WECHAT_ENV_VERSION", "release"),
        "SMS_BACKEND": env.get("SMS_BACKEND", "console"),
        "SMS_FILE_PATH": env.get("SMS_FILE_PATH") or str(data_dir / "sms.jsonl"),
        # SMS_BACKEND=tencent: Tencent Cloud SMS. TEMPLATES is JSON (message kind -> template id, and
        # "<kind>@intl" -> its international template for numbers outside +86);
        # ENDPOINT a host or a URL with its scheme (http://127.0.0.1:PORT for the local fake).
        "TENCENT_SMS_SECRET_ID": env.get("TENCENT_SMS_SECRET_ID") or None,
        "TENCENT_SMS_SECRET_KEY": env.get("TENCENT_SMS_SECRET_KEY") or None,
        "TENCENT_SMS_SDK_APP_ID": env.get("TENCENT_SMS_SDK_APP_ID") or None,
        "TENCENT_SMS_SIGN_NAME": env.get("TENCENT_SMS_SIGN_NAME") or None,
        "TENCENT_SMS_TEMPLATES": json.loads(env.get("TENCENT_SMS_TEMPLATES") or "{}"),
        "TENCENT_SMS_ENDPOINT": env.get("TENCENT_SMS_ENDPOINT") or None,
        "TENCENT_SMS_REGION": env.get("TENCENT_SMS_REGION", "ap-guangzhou"),
        # 12 is the per-variable limit of personal-use accounts; 0 for an enterprise-verified account.
        "TENCENT_SMS_PARAM_MAX_LENGTH": int(env.get("TENCENT_SMS_PARAM_MAX_LENGTH", "12")),
        # How long a sender owns a claimed message; past it the message's fate is unknown.
        "SMS_CLAIM_SECONDS": float(env.get("SMS_CLAIM_SECONDS", "60")),
        # Signers and hosts get one reminder SMS this long before the start (30: when signing opens); 0 sends none.
        "REMINDER_MINUTES_BEFORE": int(env.get("REMINDER_MINUTES_BEFORE", "30")),
        "REDIS_URL": env.get("REDIS_URL") or None,
        # Reverse proxies in front that set X-Forwarded-For / -Proto; 0 trusts no such header.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL") or "memory://",
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", "signstage"),
        "LOG_FORMAT": env.get("LOG_FORMAT", "json"),  # json | text
        "METRICS_TOKEN": env.get("METRICS_TOKEN") or None,
        "TSA_URL": env.get("TSA_URL") or None,
        # Webhooks (services/webhook_deliveries.py): 1 lets them reach private and loopback addresses, and
        # plain http (on-premises receivers, tests); never on a shared deployment.
        "WEBHOOK_ALLOW_PRIVATE": env.get("WEBHOOK_ALLOW_PRIVATE", "0").strip().lower() in ("1", "true", "yes"),
        "WEBHOOK_TIMEOUT_SECONDS": float(env.get("WEBHOOK_TIMEOUT_SECONDS", "10")),
        "WEBHOOK_BACKOFF_SECONDS": float(env.get("WEBHOOK_BACKOFF_SECONDS", "30")),
        "WEBHOOK_RETRY_HOURS": float(env.get("WEBHOOK_RETRY_HOURS", "24")),
        "WEBHOOK_SECRET_OVERLAP_HOURS": float(env.get("WEBHOOK_SECRET_OVERLAP_HOURS", "24")),
        "WEBHOOK_CA_CERTS": env.get("WEBHOOK_CA_CERTS") or None,  # a CA bundle for receivers' certificates
        "TOKEN_TTL_HOURS": int(env.get("TOKEN_TTL_HOURS", "12")),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(60 * 2**20))),
        "PDF_MAX_BYTES": int(env.get("PDF_MAX_BYTES", str(50 * 2**20))),
        "PDF_MAX_PAGES": int(env.get("PDF_MAX_PAGES", "500")),
        # Bounded work per PDF request (issue 13): /api/verify and document uploads parse in a child
        # process with these budgets (CPU seconds; wall-clock seconds in all, as a safety net; address
        # space); beyond VERIFY_CONCURRENCY at once per process the answer is 503.
        "VERIFY_MAX_BYTES": int(env.get("VERIFY_MAX_BYTES", env.get("PDF_MAX_BYTES", str(50 * 2**20)))),
        "VERIFY_MAX_PAGES": int(env.get("VERIFY_MAX_PAGES", "1000")),
        "VERIFY_MAX_SIGNATURES": int(env.get("VERIFY_MAX_SIGNATURES", "120")),
        "VERIFY_CPU_SECONDS": float(env.get("VERIFY_CPU_SECONDS", "30")),
        "VERIFY_TIMEOUT_SECONDS": float(env.get("VERIFY_TIMEOUT_SECONDS", "60")),
        "VERIFY_MEMORY_MB": int(env.get("VERIFY_MEMORY_MB", "1024")),
        "VERIFY_CONCURRENCY": int(env.get("VERIFY_CONCURRENCY", "2")),
        "VERIFY_RATE_LIMIT": env.get("VERIFY_RATE_LIMIT", "10 per minute"),
        # Per client address: a venue's whole network may sit behind one address, so these bound
        # floods, not people (guessing is stopped per code and per session).
        "SIGNER_LOGIN_RATE_LIMIT": env.get("SIGNER_LOGIN_RATE_LIMIT", "120 per minute;1200 per hour"),
        "SIGNER_SMS_RATE_LIMIT": env.get("SIGNER_SMS_RATE_LIMIT", "100 per hour"),
        "SIGNER_VERIFY_RATE_LIMIT": env.get("SIGNER_VERIFY_RATE_LIMIT", "120 per 10 minutes"),
        # How long a signer's signed-copy link (the completion SMS) stays valid.
        "COPY_LINK_DAYS": float(env.get("COPY_LINK_DAYS", "30")),
        "JOB_LEASE_SECONDS": float(env.get("JOB_LEASE_SECONDS", "30")),
        # Only the crash test sets this: it widens the window between writing a revision and recording it.
        "JOB_PAUSE_AFTER_SIGN": float(env.get("JOB_PAUSE_AFTER_SIGN", "0")),
        "LIVE_STREAM_SECONDS": float(env.get("LIVE_STREAM_SECONDS", "300")),
        "LIVE_HEARTBEAT_SECONDS": float(env.get("LIVE_HEARTBEAT_SECONDS", "5")),
        "LIVE_POLL_SECONDS": float(env.get("LIVE_POLL_SECONDS", "1.0")),
        # Commits this close together reach an event-loop stream as one write (a burst of signers).
        "LIVE_GATHER_SECONDS": float(env.get("LIVE_GATHER_SECONDS", "0.1")),
        # With a live Redis subscription every event wakes its streams; this read only catches a lost message.
        "LIVE_SAFETY_POLL_SECONDS": float(env.get("LIVE_SAFETY_POLL_SECONDS", "15")),
        # The event-loop stream server's threads for its database reads (one per meeting per event, not per stream).
        "LIVE_DB_THREADS": int(env.get("LIVE_DB_THREADS", "4")),
        "RUN_WORKER": env.get("RUN_WORKER", "1") not in ("0", "false", "no"),
        "BABEL_DEFAULT_LOCALE": "zh_Hans_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "API_TITLE": "Signstage",
        "API_VERSION": "1.0",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": None,  # valid as long as the signed-in session
        "WTF_CSRF_HEADERS": ["X-CSRF-Token", "X-CSRFToken"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
    }
    cfg.update(_storage(env, data_dir))
    cfg.update(overrides)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(cfg["SQLALCHEMY_DATABASE_URI"], env)
    cfg["MULTI_NODE"] = multi_node(env)  # a bool, also when a test passes "0"
    cfg["SECRET_KEY"] = overrides.get("SECRET_KEY") or _secret_key(data_dir, env, several_nodes=cfg["MULTI_NODE"])
    return cfg


def _engine_options(uri: str, env) -> dict:
    if uri.startswith("sqlite") and (":memory:" in uri or uri.rstrip("/") == "sqlite:"):
        return {}  # one shared in-memory connection: no pool to size
    # A connection per serving thread stays open: past pool_size, each request would open (and on
    # PostgreSQL fork a backend for) a connection of its own and close it again.
    # A file database does not drop connections; a server may restart under a pooled connection.
    return {"pool_pre_ping": not uri.startswith("sqlite"), "pool_size": int(env.get("DB_POOL_SIZE", "10")),
            "max_overflow": int(env.get("DB_MAX_OVERFLOW", "20"))}
