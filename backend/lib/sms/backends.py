"""SMS backends: console for the demo, file for tests, Tencent Cloud SMS for real deployments."""
import json
import logging
import threading
from datetime import datetime, timezone

from backend.lib.identity.mobile import e164, mask
from backend.lib.sms.errors import Delivery, SmsConfigError, SmsError, SmsRejected  # noqa: F401 - re-exported

log = logging.getLogger("signstage.sms")


class ConsoleBackend:
    """Prints each message (phone masked) so a developer can read codes in the terminal."""

    def send(self, to: str, template: str, params: dict, text: str, reference: str | None = None) -> None:
        print(f"[SMS to {mask(to)}] {text}", flush=True)


class FileBackend:
    """Appends one JSON object per message to a file: `to` as the app stores it, `e164` as a provider takes it."""

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()

    def send(self, to: str, template: str, params: dict, text: str, reference: str | None = None) -> None:
        line = json.dumps({"to": to, "e164": e164(to), "template": template, "params": params, "text": text,
                           "sent_at": datetime.now(timezone.utc).isoformat()}, ensure_ascii=False)
        with self._lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def make_backend(name: str, file_path: str, tencent: dict | None = None):
    """Return the backend named by SMS_BACKEND (`tencent` takes its settings as a mapping)."""
    if name == "console":
        return ConsoleBackend()
    if name == "file":
        return FileBackend(file_path)
    if name == "tencent":
        from backend.lib.sms.tencent import TencentBackend
        return TencentBackend(**(tencent or {}))
    raise ValueError(f"SMS_BACKEND={name!r} is not available; use console, file or tencent")
