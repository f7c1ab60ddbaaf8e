"""SMS backends: console for the demo, file for tests, a real provider later."""
import json
import logging
import threading
from datetime import datetime, timezone

from backend.lib.errors import LibraryError
from backend.lib.identity.mobile import mask

log = logging.getLogger("signstage.sms")


class SmsError(LibraryError):
    """The provider refused or could not be reached."""

    code = "sms_failed"
    message_zh = "短信发送失败"


class ConsoleBackend:
    """Prints each message (phone masked) so a developer can read codes in the terminal."""

    def send(self, to: str, template: str, params: dict, text: str) -> None:
        print(f"[SMS to {mask(to)}] {text}", flush=True)


class FileBackend:
    """Appends one JSON object per message to a file."""

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()

    def send(self, to: str, template: str, params: dict, text: str) -> None:
        line = json.dumps({"to": to, "template": template, "params": params, "text": text,
                           "sent_at": datetime.now(timezone.utc).isoformat()}, ensure_ascii=False)
        with self._lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def make_backend(name: str, file_path: str):
    """Return the backend named by SMS_BACKEND."""
    if name == "console":
        return ConsoleBackend()
    if name == "file":
        return FileBackend(file_path)
    raise ValueError(f"SMS_BACKEND={name!r} is not available; use console or file")
