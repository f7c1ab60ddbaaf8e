"""Helpers for tests: valid identity numbers and a JSON API client."""
import io
import itertools
from datetime import datetime, timedelta, timezone

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from backend.identity.credit_code import check_character as credit_check
from backend.identity.resident_id import check_character as id_check

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
    for s in c.signers:
        for i, kind in enumerate(kinds):
            controls.append({"page": 1, "x": 0.05 + 0.3 * i, "y": y, "w": 0.2, "h": 0.08, "kind": kind,
                             "participant_id": s["id"]})
        y += 0.1
    res = c.api.put(f"/api/documents/{doc['id']}/controls", json=controls)
    assert res.status_code == 200, res.get_json()
    return doc
