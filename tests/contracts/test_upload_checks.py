"""An upload with active content or hidden data is refused with the reason; ordinary contracts upload as before."""
import io

import pytest

from backend.models import Document
from tests.pdf import hostile_pdfs, pdf_factory
from tests.support import make_pdf

REFUSED = hostile_pdfs.REFUSED


def _upload(c, data: bytes):
    # In English: the reasons' words below are the English catalogue's.
    return c.api.post(f"/api/meetings/{c.meeting['id']}/documents", data={"file": (io.BytesIO(data), "合同.pdf")},
                      content_type="multipart/form-data", headers={"Accept-Language": "en"})


@pytest.mark.parametrize("build, reason, words", REFUSED, ids=[b.__name__ for b, _, _ in REFUSED])
def test_active_content_is_refused_at_upload_naming_the_reason(ceremony, build, reason, words):
    c = ceremony()
    res = _upload(c, build())
    assert res.status_code == 422
    error = res.get_json()["error"]
    assert error["code"] == "pdf_active_content" and error["reason"] == reason
    assert words in error["message"] and error["fields"]["file"]
    assert Document.query.count() == 0


def test_ordinary_contracts_still_upload(ceremony):
    c = ceremony()
    for data in (make_pdf(), pdf_factory.mixed_pages(), hostile_pdfs.harmless_features()):
        res = _upload(c, data)
        assert res.status_code == 201, res.get_json()
    assert Document.query.count() == 3


def test_the_inspection_of_an_upload_runs_within_the_budget(ceremony, app, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_TIMEOUT_SECONDS", 0.01)  # no child answers that fast
    c = ceremony()
    res = _upload(c, pdf_factory.contract(3))
    assert res.status_code == 422
    assert res.get_json()["error"]["code"] == "pdf_too_complex" and res.get_json()["error"]["reason"] == "over_time"
    assert Document.query.count() == 0
