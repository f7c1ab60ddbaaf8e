"""Factories for booking tests: PDFs, meetings with matched signers."""
import io
from datetime import datetime, timedelta, timezone

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


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


@pytest.fixture
def pdf_bytes():
    return make_pdf


@pytest.fixture
def ceremony(make_enterprise, make_employee):
    """Two enterprises with two signers each, a host, a seal each, and a draft meeting."""
    class Ceremony:
        pass

    def make(starts_in=timedelta(hours=2), length=timedelta(hours=2), signers_per_enterprise=2):
        c = Ceremony()
        c.org, c.other = make_enterprise(), make_enterprise()
        c.host_emp = make_employee(c.org, "主持人")
        c.staff = {c.org.id: [], c.other.id: []}
        for e in (c.org, c.other):
            seal = e.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
            for i in range(signers_per_enterprise):
                emp = make_employee(e, f"签署人{i}")
                e.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": emp["id"]})
                c.staff[e.id].append(emp)
        api = c.org.organizer
        c.api = api
        c.meeting = api.post("/api/meetings", json={"name": "战略合作签约仪式", "starts_at": iso(starts_in),
                                                    "ends_at": iso(starts_in + length)}).get_json()
        mid = c.meeting["id"]
        c.host = api.post(f"/api/meetings/{mid}/participants", json={
            "role": "host", "name": "主持人", "id_number": c.host_emp["id_number"],
            "phone": c.host_emp["phone"]}).get_json()
        c.signers = []
        for e in (c.org, c.other):
            for emp in c.staff[e.id]:
                res = api.post(f"/api/meetings/{mid}/participants", json={
                    "role": "signer", "name": emp["name"], "id_number": emp["id_number"], "phone": emp["phone"],
                    "enterprise_name": e.name})
                assert res.status_code == 201, res.get_json()
                c.signers.append(res.get_json())
        return c

    return make


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
