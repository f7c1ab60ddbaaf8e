"""The app's shared infrastructure objects (cipher, audit key, files, SMS, CA), built once per app."""
import json

from flask import current_app

from backend.core.security.audit_key import AuditKey
from backend.core.security.fields import FieldCipher
from backend.core.storage import Store, make_store
from backend.lib.sms.backends import make_backend


def install(app) -> None:
    """Create the infrastructure objects for an app."""
    app.extensions["signstage"] = {
        "cipher": FieldCipher(app.config["SECRET_KEY"]),
        "audit_key": AuditKey(app.config["SECRET_KEY"]),
        "files": make_store(app.config["STORAGE_URL"], endpoint_url=app.config.get("S3_ENDPOINT_URL"),
                            region=app.config.get("S3_REGION"),
                            addressing_style=app.config.get("S3_ADDRESSING_STYLE") or "auto"),
        "sms": app.config.get("SMS_BACKEND_INSTANCE") or _sms_backend(app.config),
    }
    if app.config.get("PLATFORM_CA_FILE"):
        # Loaded now: a wrong file or password stops startup instead of the first signature.
        app.extensions["signstage"]["ca"] = configured_ca(app.config, app.extensions["signstage"]["files"])


def _sms_backend(cfg):
    tencent = None
    if cfg["SMS_BACKEND"] == "tencent":
        templates = cfg.get("TENCENT_SMS_TEMPLATES") or {}
        templates = json.loads(templates) if isinstance(templates, str) else templates
        tencent = {"secret_id": cfg.get("TENCENT_SMS_SECRET_ID"), "secret_key": cfg.get("TENCENT_SMS_SECRET_KEY"),
                   "sdk_app_id": cfg.get("TENCENT_SMS_SDK_APP_ID"), "sign_name": cfg.get("TENCENT_SMS_SIGN_NAME"),
                   "templates": templates, "endpoint": cfg.get("TENCENT_SMS_ENDPOINT"),
                   "region": cfg.get("TENCENT_SMS_REGION", "ap-guangzhou"),
                   "param_max_length": cfg.get("TENCENT_SMS_PARAM_MAX_LENGTH", 12)}
    return make_backend(cfg["SMS_BACKEND"], cfg["SMS_FILE_PATH"], tencent)


def _get(name):
    return current_app.extensions["signstage"][name]


def cipher() -> FieldCipher:
    """The field cipher."""
    return _get("cipher")


def audit_key() -> AuditKey:
    """The key of the audit chain's links."""
    return _get("audit_key")


def files() -> Store:
    """The file store."""
    return _get("files")


def sms():
    """The SMS backend."""
    return _get("sms")


def wechat():
    """The WeChat gateway, or None when no mini-program credentials are configured."""
    ext = current_app.extensions["signstage"]
    if "wechat" not in ext:
        cfg = current_app.config
        gateway = None
        if cfg.get("WECHAT_APPID") and cfg.get("WECHAT_SECRET"):
            from backend.lib.wechat import WeChatGateway
            gateway = WeChatGateway(cfg["WECHAT_APPID"], cfg["WECHAT_SECRET"], base_url=cfg.get("WECHAT_API_BASE_URL"),
                                    redis_url=cfg.get("REDIS_URL"))
        ext["wechat"] = gateway
    return ext["wechat"]


def platform_ca():
    """The platform CA: the configured one, or one generated into DATA_DIR on first use (one machine only)."""
    ext = current_app.extensions["signstage"]
    if "ca" not in ext:
        from backend.lib.pdf.ca import PlatformCA
        ext["ca"] = PlatformCA.load_or_create(current_app.config["DATA_DIR"] + "/ca")
    return ext["ca"]


def configured_ca(config, store: Store):
    """PLATFORM_CA_FILE (PEM or PKCS#12) with its registry and credentials in the shared store."""
    from backend.core.ca_store import StoreRecords
    from backend.core.config import ConfigurationError
    from backend.lib.pdf.ca import PlatformCA
    from backend.lib.pdf.errors import CaUnavailable

    path, password = config["PLATFORM_CA_FILE"], config.get("PLATFORM_CA_PASSWORD")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        return PlatformCA.from_material(StoreRecords(store, config["SECRET_KEY"]), data,
                                        password.encode() if password else None)
    except OSError as exc:
        raise ConfigurationError(f"cannot read PLATFORM_CA_FILE {path}: {exc.strerror}") from None
    except CaUnavailable as exc:
        raise ConfigurationError(f"PLATFORM_CA_FILE {path} cannot be used: {exc}; "

                                 "set PLATFORM_CA_PASSWORD if the key is encrypted)") from None
