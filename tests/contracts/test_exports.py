"""What the organizer takes away: CSV of the lists, a ZIP of a contract, files under their real names, and search."""
import csv
import hashlib
import io
import json
import zipfile
from datetime import timedelta
from urllib.parse import quote

from backend.core.extensions import db
from backend.models import Meeting
from tests.support import iso


def _csv(res) -> list[dict]:
    assert res.status_code == 200, res.get_json()
    assert res.mimetype == "text/csv" and res.data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Chinese
    assert "attachment" in res.headers["Content-Disposition"] and "filename*=UTF-8''" in res.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(res.data.decode("utf-8-sig"), newline="")))


def test_the_meeting_csv_has_the_lists_rows_and_columns_with_chinese_intact(completed):
    c = completed
    mid = c.meeting["id"]
    draft = c.api.post("/api/meetings", json={"name": "=HYPERLINK(\"http://evil\")草稿", "starts_at": iso(timedelta(days=2)),
                                              "ends_at": iso(timedelta(days=2, hours=1))}).get_json()
    rows = _csv(c.api.get("/api/meetings/export.csv"))
    assert list(rows[0]) == ["会议名称", "状态", "开始时间", "结束时间", "主持人", "签署企业", "签署人数", "已签署", "已拒签",
                             "视频会议链接", "预约时间", "完成时间", "会议ID"]
    by_id = {r["会议ID"]: r for r in rows}
    assert set(by_id) == {mid, draft["id"]}
    done = by_id[mid]
    assert done["会议名称"] == "战略合作签约仪式" and done["状态"] == "已完成" and done["主持人"] == "主持人"
    assert done["签署企业"] == f"{c.org.name}；{c.other.name}" and (done["签署人数"], done["已签署"]) == ("2", "2")
    meeting = db.session.get(Meeting, mid)
    local = meeting.starts_at + timedelta(hours=8)
    assert done["开始时间"] == local.strftime("%Y-%m-%d %H:%M") and done["完成时间"]
    # A name Excel would run as a formula stays text.
    assert by_id[draft["id"]]["会议名称"] == "'=HYPERLINK(\"http://evil\")草稿" and by_id[draft["id"]]["状态"] == "草稿"
    # The list's own filters.
    assert [r["会议ID"] for r in _csv(c.api.get("/api/meetings/export.csv?status=draft"))] == [draft["id"]]
    assert [r["会议ID"] for r in _csv(c.api.get("/api/meetings/export.csv?q=战略"))] == [mid]
    assert _csv(c.api.get("/api/meetings/export.csv?q=nothing")) == []
    assert c.api.get("/api/meetings/export.csv?status=bogus").status_code == 422
    assert c.other.organizer.get("/api/meetings/export.csv").data.decode("utf-8-sig").count("\r\n") == 1  # header only


def test_the_contract_csv_follows_the_contract_lists_filters(completed):
    c = completed
    mid = c.meeting["id"]
    for api, role in ((c.org.organizer, "发起方"), (c.other.admin, "签约方")):
        [row] = _csv(api.get("/api/contracts/export.csv"))
        assert row["合同名称"] == "战略合作签约仪式" and row["发起方"] == c.org.name and row["我方角色"] == role
        assert row["状态"] == "已完成" and row["合同文件"] == "合同.pdf" and row["会议ID"] == mid
        detail = api.get(f"/api/contracts/{mid}").get_json()
        assert row["签署版SHA-256"] == detail["documents"][0]["final_sha256"]
    assert _csv(c.org.organizer.get("/api/contracts/export.csv?status=expired")) == []
    assert len(_csv(c.org.organizer.get("/api/contracts/export.csv?q=合同.pdf"))) == 1  # file names count too
    until = iso(timedelta(days=-1))
    assert _csv(c.org.organizer.get("/api/contracts/export.csv", query_string={"until": until})) == []


def test_the_zip_holds_files_whose_sha256_match_the_contract_detail(completed):
    c = completed
    mid = c.meeting["id"]
    detail = c.other.admin.get(f"/api/contracts/{mid}").get_json()
    res = c.other.admin.get(f"/api/contracts/{mid}/evidence.zip")
    assert res.status_code == 200 and res.mimetype == "application/zip"
    assert f"filename*=UTF-8''{quote('战略合作签约仪式（签署文件）.zip', safe='')}" in res.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(res.data))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[:5] == ["合同（已签署）.pdf", "审计报告.pdf", "审计记录.json", "events.jsonl", "originals/合同.pdf"]
    assert names[-1] == "manifest.json" and "certificates/root-ca.pem" in names  # the rest: tests/evidence
    sha = {name: hashlib.sha256(archive.read(name)).hexdigest() for name in names}
    assert sha["合同（已签署）.pdf"] == detail["documents"][0]["final_sha256"]
    assert sha["审计报告.pdf"] == detail["audit_pdf_sha256"]
    trail = json.loads(archive.read("审计记录.json"))
    assert trail["meeting_id"] == mid and trail["chain_intact"] is True
    manifest = json.loads(archive.read("manifest.json"))
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == {n: sha[n] for n in names if n != "manifest.json"}
    # The downloads one by one are the same files.
    assert hashlib.sha256(c.org.admin.get(f"/api/contracts/{mid}/pdf").data).hexdigest() == sha["合同（已签署）.pdf"]
    assert hashlib.sha256(c.org.admin.get(f"/api/contracts/{mid}/audit.pdf").data).hexdigest() == sha["审计报告.pdf"]


def test_the_zip_waits_for_the_contract_and_strangers_get_nothing(booked, make_enterprise):
    c = booked()
    mid = c.meeting["id"]
    res = c.org.admin.get(f"/api/contracts/{mid}/evidence.zip")
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "not_completed"
    assert make_enterprise().admin.get(f"/api/contracts/{mid}/evidence.zip").status_code == 404


def test_signed_pdfs_download_under_the_originals_name(completed, booked):
    c = completed
    res = c.org.admin.get(f"/api/contracts/{c.meeting['id']}/pdf")
    disposition = res.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=\"contract-signed.pdf\"; filename*=UTF-8''{quote('合同（已签署）.pdf', safe='')}"
    audit = c.org.admin.get(f"/api/contracts/{c.meeting['id']}/audit.pdf").headers["Content-Disposition"]
    assert quote("战略合作签约仪式（审计报告）.pdf", safe="") in audit
    unfinished = booked()
    res = unfinished.org.admin.get(f"/api/contracts/{unfinished.meeting['id']}/pdf")
    assert quote("合同（未完成）.pdf", safe="") in res.headers["Content-Disposition"]


def test_download_names_follow_the_readers_language(completed):
    c, english = completed, {"Accept-Language": "en"}
    mid = c.meeting["id"]
    res = c.org.admin.get(f"/api/contracts/{mid}/pdf", headers=english)
    assert quote("合同 (signed).pdf", safe="") in res.headers["Content-Disposition"]
    audit = c.org.admin.get(f"/api/contracts/{mid}/audit.pdf", headers=english).headers["Content-Disposition"]
    assert quote("战略合作签约仪式 (audit report).pdf", safe="") in audit
    res = c.org.admin.get(f"/api/contracts/{mid}/evidence.zip", headers=english)
    assert quote("战略合作签约仪式 (signed documents).zip", safe="") in res.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(res.data)).namelist()
    assert names[:3] == ["合同 (signed).pdf", "Audit report.pdf", "Audit trail.json"]


def _verify(client, data: bytes) -> dict:
    res = client.post("/api/verify", data={"file": (io.BytesIO(data), "x.pdf")}, content_type="multipart/form-data")
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def test_verify_says_whether_a_file_is_the_contract_or_its_audit_trail(completed, client):
    c = completed
    mid = c.meeting["id"]
    contract = _verify(client, c.org.admin.get(f"/api/contracts/{mid}/pdf").data)
    assert contract["kind"] == "contract" and contract["document"] == {"filename": "合同.pdf", "final": True}
    trail = _verify(client, c.org.admin.get(f"/api/contracts/{mid}/audit.pdf").data)
    assert trail["kind"] == "audit_trail" and trail["document"] is None and trail["meeting"]["id"] == mid
    from tests.support import make_pdf
    stranger = _verify(client, make_pdf())
    assert stranger["kind"] is None and stranger["known_document"] is False


def test_name_search_in_the_meeting_and_contract_lists(completed):
    c = completed
    mid = c.meeting["id"]
    other = c.api.post("/api/meetings", json={"name": "年度100%合作_会议", "starts_at": iso(timedelta(days=3)),
                                              "ends_at": iso(timedelta(days=3, hours=1))}).get_json()
    ids = lambda res: [m["id"] for m in res.get_json()]  # noqa: E731
    assert ids(c.api.get("/api/meetings", query_string={"q": "战略合作"})) == [mid]
    assert ids(c.api.get("/api/meetings", query_string={"q": "100%"})) == [other["id"]]
    assert ids(c.api.get("/api/meetings", query_string={"q": "%"})) == [other["id"]]  # % is a character, not a wildcard
    assert ids(c.api.get("/api/meetings", query_string={"q": "_会"})) == [other["id"]]
    assert set(ids(c.api.get("/api/meetings", query_string={"q": "  "}))) == {mid, other["id"]}
    assert ids(c.api.get("/api/meetings", query_string={"q": "合作", "status": "draft"})) == [other["id"]]
    assert c.api.get("/api/meetings", query_string={"q": "x" * 61}).status_code == 422
    contracts = lambda q: [m["meeting_id"] for m in c.other.admin.get("/api/contracts", query_string={"q": q}).get_json()]  # noqa: E731
    assert contracts("签约仪式") == [mid] and contracts("合同") == [mid] and contracts("年度") == []
