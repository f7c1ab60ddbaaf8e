"""The state of the fake WeChat: credentials, one-time codes, access tokens, injected faults."""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Callable

CODE_TTL = 300          # WeChat's login and phone codes live 5 minutes
TOKEN_TTL = 7200        # access tokens live 2 hours ...
TOKEN_OVERLAP = 300     # ... and the previous one keeps working 5 minutes after a refetch

ERRMSG = {
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40013: "invalid appid",
    40029: "invalid code",
    40125: "invalid appsecret",
    40163: "code been used",
    40169: "invalid length for scene, or the data is not json string",
    41001: "access_token missing",
    41008: "missing code",
    41030: "invalid page",
    42001: "access_token expired",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit  mustslower  retry next minute",
    47001: "data format error",
    -1: "system error",
}


class ManualClock:
    """A clock for tests: stands still until advanced."""

    def __init__(self, now: float | None = None):
        self.now = time.time() if now is None else now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds`."""
        self.now += seconds


@dataclass(frozen=True)
class LoggedRequest:
    """One request the fake received, and the errcode it answered (None for success)."""

    method: str
    path: str
    query: dict
    body: bytes
    errcode: int | None = None


@dataclass
class _Code:
    payload: dict
    issued_at: float
    used: bool = False


@dataclass
class Fault:
    """An answer to give instead of the normal one: a WeChat errcode or a raw HTTP reply."""

    errcode: int | None = None
    errmsg: str | None = None
    http_status: int | None = None
    body: bytes = b""
    delay: float = 0.0


@dataclass
class FakeState:
    """Everything the fake remembers; every method is safe to call from several threads."""

    appid: str
    secret: str
    clock: Callable[[], float] = time.time
    pages: tuple = ("pages/sign/index",)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _login_codes: dict = field(default_factory=dict)
    _phone_codes: dict = field(default_factory=dict)
    _tokens: dict = field(default_factory=dict)      # token -> expires_at
    _faults: dict = field(default_factory=lambda: defaultdict(deque))
    _log: list = field(default_factory=list)

    # -- test helpers -------------------------------------------------------------------------

    def issue_login_code(self, openid: str, unionid: str | None = None) -> str:
        """Mint a `wx.login` code that code2session will turn into `openid` once."""
        code = secrets.token_hex(16)  # real codes are 32 characters too
        with self._lock:
            self._login_codes[code] = _Code({"openid": openid, "unionid": unionid}, self.clock())
        return code

    def issue_phone_code(self, phone: str, country_code: str = "86") -> str:
        """Mint a phone-number button code that getuserphonenumber turns into `phone` (without its
        country code, as WeChat's purePhoneNumber) and `country_code` once."""
        code = secrets.token_hex(32)
        with self._lock:
            self._phone_codes[code] = _Code({"phone": phone, "country_code": country_code}, self.clock())
        return code

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expired (WeChat then answers 42001)."""
        with self._lock:
            now = self.clock()
            for token in self._tokens:
                self._tokens[token] = now - 1

    def add_fault(self, path: str, fault: Fault, times: int = 1) -> None:
        """Answer the next `times` requests to `path` with `fault`."""
        with self._lock:
            self._faults[_norm(path)].extend([fault] * times)

    def take_fault(self, path: str) -> Fault | None:
        """Pop the next injected fault for `path`, if any."""
        with self._lock:
            queue = self._faults.get(_norm(path))
            return queue.popleft() if queue else None

    def clear_faults(self) -> None:
        """Drop every pending fault."""
        with self._lock:
            self._faults.clear()

    def log(self, entry: LoggedRequest) -> None:
        """Append one entry to the request log."""
        with self._lock:
            self._log.append(entry)

    @property
    def requests(self) -> list:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._log)

    def clear_log(self) -> None:
        """Forget the requests logged so far."""
        with self._lock:
            self._log.clear()

    # -- WeChat's behaviour -------------------------------------------------------------------

    def new_token(self) -> tuple[str, int]:
        """Issue an access token; earlier ones keep working for TOKEN_OVERLAP seconds."""
        token = secrets.token_urlsafe(96)[:128]
        with self._lock:
            now = self.clock()
            for old, expires_at in self._tokens.items():
                self._tokens[old] = min(expires_at, now + TOKEN_OVERLAP)
            self._tokens[token] = now + TOKEN_TTL
        return token, TOKEN_TTL

    def check_token(self, token: str | None) -> int | None:
        """Return the errcode WeChat gives for `token`, or None when it is valid."""
        if not token:
            return 41001
        with self._lock:
            expires_at = self._tokens.get(token)
            if expires_at is None:
                return 40001
            return 42001 if self.clock() >= expires_at else None

    def redeem_login_code(self, code: str) -> dict | int:
        """Return the session for a login code, or the errcode (40029 bad/expired, 40163 used)."""
        with self._lock:
            entry = self._login_codes.get(code)
            if entry is None or self.clock() - entry.issued_at >= CODE_TTL:
                return 40029
            if entry.used:
                return 40163
            entry.used = True
            session_key = base64.b64encode(secrets.token_bytes(16)).decode()
            answer = {"openid": entry.payload["openid"], "session_key": session_key}
            if entry.payload["unionid"]:
                answer["unionid"] = entry.payload["unionid"]
            return answer

    def redeem_phone_code(self, code: str) -> dict | int:
        """Return {phone, country_code} for a phone code, or 40029 (unknown, expired or already used)."""
        with self._lock:
            entry = self._phone_codes.get(code)
            if entry is None or entry.used or self.clock() - entry.issued_at >= CODE_TTL:
                return 40029
            entry.used = True
            return entry.payload


def _norm(path: str) -> str:
    return "/" + path.strip("/")
