"""Contract management for every party, and the public verify endpoint."""
import io

import pytest


def test_both_enterprises_see_the_contract_and_strangers_do_not(completed, make_enterprise):
    c = completed
    mid = c.meeting["id"]
    for api in (c.org.organizer, c.org.admin, c.other.admin):
        listed = api.get("/api/contracts").get_json()
        assert [x["meeting_id"] for x in listed] == [mid]
        assert listed[0]["status"] == "completed"
        signers = listed[0]["signers"]
        assert {s["verification_method"] for s in signers} == {"sms"} and all(s["signed_at"] for s in signers)
    stranger = make_enterprise().admin
    assert stranger.get("/api/contracts").get_json() == []
    for path in ("", "/pdf", "/audit", "/audit.pdf"):
        assert stranger.get(f"/api/contracts/{mid}{path}").status_code == 404
    assert c.other.admin.get("/api/contracts?status=completed").get_json()[0]["meeting_id"] == mid
    assert c.other.admin.get("/api/contracts?status=expired").get_json() == []


def test_downloads_verify_as_authentic(completed, client):
    c = completed
    mid = c.meeting["id"]
    pdf = c.other.admin.get(f"/api/contracts/{mid}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    report = client.post("/api/verify", data={"file": (io.BytesIO(pdf.data), "c.pdf")},
                         content_type="multipart/form-data").get_json()
    assert report["authentic"] is True and report["known_document"] is True
    assert report["meeting"]["id"] == mid
    assert len([s for s in report["signatures"] if s["field"].startswith(("seal_", "signature_"))]) == 4
    audit_pdf = c.org.admin.get(f"/api/contracts/{mid}/audit.pdf")
    report = client.post("/api/verify", data={"file": (io.BytesIO(audit_pdf.data), "a.pdf")},
                         content_type="multipart/form-data").get_json()
    assert report["authentic"] is True and report["meeting"]["id"] == mid
    trail = c.org.admin.get(f"/api/contracts/{mid}/audit").get_json()
    assert trail["chain_intact"] is True
    kinds = [e["kind"] for e in trail["events"]]
    for kind in ("meeting_booked", "verified", "signed", "signature_applied", "completed"):
        assert kind in kinds


def test_tampered_pdf_is_not_authentic(completed, client):
    c = completed
    data = bytearray(c.org.admin.get(f"/api/contracts/{c.meeting['id']}/pdf").data)
    idx = data.find(b"Contract page 1")
    data[idx] = ord("X")
    report = client.post("/api/verify", data={"file": (io.BytesIO(bytes(data)), "c.pdf")},
                         content_type="multipart/form-data").get_json()
    assert report["authentic"] is False


@pytest.mark.parametrize("data", [b"hello", b""])
def test_verify_refuses_non_pdfs_cleanly(client, app, data):
    res = client.post("/api/verify", data={"file": (io.BytesIO(data), "x.pdf")}, content_type="multipart/form-data")
    assert res.status_code == 422 and "file" in res.get_json()["error"]["fields"]


def test_unsigned_pdf_is_not_authentic(client, app):
    from tests.support import make_pdf
    report = client.post("/api/verify", data={"file": (io.BytesIO(make_pdf()), "x.pdf")},
                         content_type="multipart/form-data").get_json()
    assert report["authentic"] is False and report["problems"]


def test_audit_pdf_waits_for_completion(booked):
    c = booked()
    assert c.org.admin.get(f"/api/contracts/{c.meeting['id']}/audit.pdf").status_code == 409
