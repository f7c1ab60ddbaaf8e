"""Helpers for tests: valid identity numbers and a JSON API client."""
import base64
import io
import itertools
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from backend.core.extensions import db
from backend.lib.identity.credit_code import check_character as credit_check
from backend.lib.identity.resident_id import check_character as id_check

_counter = itertools.count(1)


def make_id_number(n: int | None = None, birth: str = "19900101") -> str:
    """A valid 18-character resident ID number, unique per call."""
    n = next(_counter) if n is None else n
    first17 = f"110101{birth}{n % 1000:03d}"
    return first17 + id_check(first17)


def make_phone(n: int | None = None) -> str:
    n = next(_counter) if n is None else n
    return f"138{n:08d}"[-11:]


def make_credit_code(n: int | None = None) -> str:
    n = next(_counter) if n is None else n
    first17 = f"9111010{n:010d}"[:17]
    return first17 + credit_check(first17)


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, client, token: str | None = None):
        self.client, self.token = client, token

    def _headers(self, extra=None):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, url, **kw):
        return self.client.get(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, url, json=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, url, json=None, **kw):
        return self.client.put(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, url, json=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self._headers(kw.pop("headers", None)), **kw)


def login(client, username, password="password-123") -> Api:
    res = client.post("/api/auth/login", json={"username": username, "password": password})
    assert res.status_code == 200, res.get_json()
    return Api(client, res.get_json()["token"])




def make_pdf(pages: int = 2) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(pages):
        c.drawString(72, 750, f"Contract page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def iso(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) + delta).isoformat()


def add_document_with_controls(c, pdf: bytes, *, kinds=("seal", "signature", "date")):
    """Upload a PDF and give every signer one control of each kind on page 1."""
    mid = c.meeting["id"]
    doc = c.api.post(f"/api/meetings/{mid}/documents", data={"file": (io.BytesIO(pdf), "合同.pdf")},
                     content_type="multipart/form-data").get_json()
    controls, y = [], 0.05
    step = min(0.1, 0.9 / max(len(c.signers), 1))  # many signers share the page in thinner rows
    for s in c.signers:
        for i, kind in enumerate(kinds):
            controls.append({"page": 1, "x": 0.05 + 0.3 * i, "y": y, "w": 0.2, "h": step * 0.8, "kind": kind,
                             "participant_id": s["id"]})
        y += step
    res = c.api.put(f"/api/documents/{doc['id']}/controls", json=controls)
    assert res.status_code == 200, res.get_json()
    return doc


def handwriting_png(blank: bool = False) -> str:
    img = Image.new("RGBA", (600, 240), (255, 255, 255, 0))
    if not blank:
        draw = ImageDraw.Draw(img)
        draw.line([(40, 180), (160, 60), (260, 170), (380, 50), (540, 160)], fill=(20, 20, 20, 255), width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


class Signer:
    """One signer's phone: a signer session on their scene."""

    def __init__(self, client, info: dict, scene: str, sms_messages):
        self.client, self.info, self.scene, self._sms = client, info, scene, sms_messages
        self.api = Api(client)

    def login(self, channel="h5", code=None, ip="10.0.0.1"):
        res = self.client.post("/api/signer/login", json={"channel": channel, **({"code": code} if code else {})},
                               environ_base={"REMOTE_ADDR": ip})
        assert res.status_code == 200, res.get_json()
        self.api.token = res.get_json()["token"]
        self.ip = ip
        return self

    def post(self, path, json=None, **kw):
        return self.api.post(f"/api/signer/scenes/{self.scene}{path}", json=json,
                             environ_base={"REMOTE_ADDR": getattr(self, "ip", "10.0.0.1")}, **kw)

    def get(self, path=""):
        return self.api.get(f"/api/signer/scenes/{self.scene}{path}",
                            environ_base={"REMOTE_ADDR": getattr(self, "ip", "10.0.0.1")})

    def last_code(self) -> str:
        mine = [m for m in self._sms() if m["to"] == self.info["phone"] and m["template"].partition("@")[0] == "otp"]
        return mine[-1]["params"]["code"]

    def verify_by_sms(self, **override):
        assert self.post("/sms").status_code == 202
        body = {"name": self.info["name"], "id_number": self.info["id_number"], "sms_code": self.last_code()}
        body.update(override)
        return self.post("/verify", json=body)

    def sign(self, key="k1", seals=None, png=None):
        if seals is None:
            seals = {}
            docs = self.get("/documents").get_json()
            my_seals = self.get("/seals").get_json()
            for doc in docs:
                for c in doc["controls"]:
                    if c["kind"] == "seal":
                        seals[c["id"]] = my_seals[0]["id"]
        return self.post("/sign", json={"signature_png": png or handwriting_png(), "seals": seals},
                         headers={"Idempotency-Key": key})


@contextmanager
def sqlite_write_lock_held(engine, busy_timeout: float = 0.2):
    """Hold SQLite's write lock from another thread, as a signer's write does.

    Inside, a write of this process waits busy_timeout seconds and then answers 503.
    """
    from backend.core import database

    held, release = threading.Event(), threading.Event()

    def hold():
        with engine.connect() as conn:
            conn.begin()
            held.set()
            release.wait(30)
            conn.rollback()

    def reconnect(timeout_ms):
        # Pooled connections keep the timeout they were opened with.
        db.session.remove()
        database.BUSY_TIMEOUT_MS = timeout_ms
        engine.dispose()

    before = database.BUSY_TIMEOUT_MS
    reconnect(int(busy_timeout * 1000))
    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    try:
        assert held.wait(5), "could not take the write lock"
        yield
    finally:
        release.set()
        holder.join()
        reconnect(before)
