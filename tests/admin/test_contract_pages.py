"""合同管理: both parties see a completed contract, a third enterprise doesn't; filters; downloads."""
import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.admin.conftest import text_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def completed(booked):
    """A booked meeting in which every signer has signed, with the signing jobs run."""
    from backend.services.jobs import run_pending
    c = booked()
    for phone in c.phones:
        assert phone.login().verify_by_sms().status_code == 200
        assert phone.sign().status_code in (200, 201, 202)
    run_pending()
    return c


def test_both_parties_see_the_completed_contract_and_a_third_does_not(pages, completed, make_enterprise):
    c, mid = completed, completed.meeting["id"]
    for made, role in ((c.org, "admin"), (c.org, "organizer"), (c.other, "admin"), (c.other, "organizer")):
        pages.sign_in_as(made, role=role)
        body = text_of(pages.get("/admin/contracts"))
        assert "战略合作签约仪式" in body and f'data-contract="{mid}"' in body, (made.name, role)
        assert "已完成" in body and f"/api/contracts/{mid}/audit.pdf" in body
        assert ("我方发起" in body) == (made is c.org)
        detail = text_of(pages.get(f"/admin/contracts/{mid}"))
        for s in c.signers:
            assert s["name"] in detail
        assert "短信验证码" in detail and "手机网页（H5）" in detail and "合同签署完成" in detail
        assert "哈希链完整" in detail
    pages.sign_in_as(make_enterprise())
    body = text_of(pages.get("/admin/contracts"))
    assert mid not in body and "还没有合同" in body
    assert pages.get(f"/admin/contracts/{mid}").status_code == 404
    assert pages.client.get(f"/api/contracts/{mid}/pdf").status_code == 404


def test_downloads_answer_pdf(pages, completed):
    mid = completed.meeting["id"]
    pages.sign_in_as(completed.other, role="organizer")
    for url in (f"/api/contracts/{mid}/pdf", f"/api/contracts/{mid}/audit.pdf",
                f"/api/contracts/{mid}/pdf?document={completed.doc['id']}"):
        res = pages.client.get(url)
        assert res.status_code == 200, url
        assert res.mimetype == "application/pdf" and res.data.startswith(b"%PDF"), url
        assert "attachment" in res.headers["Content-Disposition"]


def test_filters_by_status_and_date(pages, completed):
    mid = completed.meeting["id"]
    pages.sign_in_as(completed.org)
    today = datetime.now(SHANGHAI).date()
    start = datetime.fromisoformat(completed.meeting["starts_at"]).astimezone(SHANGHAI).date()
    shown = lambda query: f'data-contract="{mid}"' in text_of(pages.get("/admin/contracts?" + query))  # noqa: E731
    assert shown("status=completed")
    assert not shown("status=cancelled") and not shown("status=scheduled")
    assert shown(f"since={start}&until={start}")
    assert shown(f"status=completed&since={start}")
    assert not shown(f"since={start + timedelta(days=1)}")
    assert not shown(f"until={start - timedelta(days=1)}")
    empty = text_of(pages.get(f"/admin/contracts?since={today + timedelta(days=30)}"))
    assert "没有符合筛选条件的合同" in empty and "清除筛选" in empty


@pytest.mark.parametrize("query, message", [
    ("status=paid", "未知的合同状态"),
    ("since=2025-13-40", "日期格式应为 YYYY-MM-DD"),
    ("since=2025-06-02&until=2025-06-01", "开始日期不能晚于结束日期"),
])
def test_bad_filters_are_explained(pages, make_enterprise, query, message):
    pages.sign_in_as(make_enterprise(), role="organizer")
    res = pages.get("/admin/contracts?" + query)
    assert res.status_code == 422 and message in text_of(res)


def test_a_booked_contract_is_listed_before_it_is_signed(pages, booked):
    c = booked()
    pages.sign_in_as(c.other)
    body = text_of(pages.get("/admin/contracts"))
    assert f'data-contract="{c.meeting["id"]}"' in body and "0 / 2 已签署" in body
    assert "audit.pdf" not in body
    detail = text_of(pages.get(f"/admin/contracts/{c.meeting['id']}"))
    assert "合同尚未签署完成" in detail and "下载当前版本" in detail


def test_operator_is_refused(pages, operator):
    pages.sign_in("op")
    assert pages.get("/admin/contracts").status_code == 403


def test_a_decline_and_its_reason_are_shown(pages, booked):
    c = booked()
    first, second = c.phones
    assert first.login().verify_by_sms().status_code == 200 and first.sign().status_code in (200, 201, 202)
    assert second.login().verify_by_sms().status_code == 200
    assert second.post("/decline", json={"reason": "条款需再议"}).status_code == 200
    pages.sign_in_as(c.other, role="organizer")
    assert "1 人拒签" in text_of(pages.get("/admin/contracts"))
    detail = text_of(pages.get(f"/admin/contracts/{c.meeting['id']}"))
    assert "拒签原因：条款需再议" in detail and "已拒签" in detail and "已签署" in detail


def test_contract_pages_link_to_verify_the_zip_and_the_filtered_csv(pages, completed):
    c, mid = completed, completed.meeting["id"]
    pages.sign_in_as(c.org, role="organizer")
    detail = text_of(pages.get(f"/admin/contracts/{mid}"))
    assert 'href="/verify"' in detail and f'href="/api/contracts/{mid}/evidence.zip"' in detail
    listing = text_of(pages.get("/admin/contracts"))
    assert 'href="/verify"' in listing and f'href="/api/contracts/{mid}/evidence.zip"' in listing
    assert 'href="/api/contracts/export.csv"' in listing
    filtered = text_of(pages.get("/admin/contracts?status=completed&q=战略&since=2020-01-01"))
    assert f'data-contract="{mid}"' in filtered
    link = html.unescape(re.search(r'href="(/api/contracts/export\.csv\?[^"]+)"', filtered).group(1))
    assert "status=completed" in link and "q=%E6%88%98%E7%95%A5" in link and "since=2020-01-01T00%3A00%3A00%2B08%3A00" in link
    res = pages.client.get(link)  # the page's session works for the export, with the same rows
    assert res.status_code == 200 and mid in res.data.decode("utf-8-sig")
    assert pages.client.get(f"/api/contracts/{mid}/evidence.zip").status_code == 200
    assert f'data-contract="{mid}"' not in text_of(pages.get("/admin/contracts?q=不存在的名称"))
