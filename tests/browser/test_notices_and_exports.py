"""In Chromium: the video link where people look for it, clone and search in the admin, and /verify naming the file."""
import re

import pytest

from tests.browser.test_admin_wizard import api_get, sign_in

pytestmark = pytest.mark.browser

VIDEO = "https://meeting.tencent.com/dm/AbCdEf123456"


def _organizer(c) -> str:
    from backend.models import AdminUser
    return AdminUser.query.filter_by(enterprise_id=c.org.id, role="organizer").one().username


def test_video_link_clone_and_search(app, live_server, page, browser, screenshots, booked):
    from backend.core.extensions import db
    from backend.models import Meeting

    c = booked()
    mid = c.meeting["id"]
    assert c.api.patch(f"/api/meetings/{mid}", json={"video_url": VIDEO}).status_code == 200
    meeting = db.session.get(Meeting, mid)
    token, host_token, scene = meeting.result_token, meeting.host_token, c.phones[0].scene
    organizer = _organizer(c)
    db.session.commit()  # release the SQLite write lock for the live server

    # The signer's H5 page at 360×640: the video meeting under the title.
    phone = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True, locale="zh-CN",
                                timezone_id="Asia/Shanghai")
    try:
        h5 = phone.new_page()
        h5.goto(f"{live_server}/h5/s/{scene}")
        h5.wait_for_selector("#video-link:not([hidden])")
        assert h5.get_attribute("#video-link", "href") == VIDEO and h5.is_visible("#verify")
        h5.screenshot(path=str(screenshots / "01-h5-video-link-360.png"))
    finally:
        phone.close()

    # The host bar on the big screen; the screen without the host token shows no link.
    page.goto(f"{live_server}/screen/{token}?host={host_token}")
    page.wait_for_selector("#host-video:not([hidden])")
    assert page.get_attribute("#host-video", "href") == VIDEO
    page.screenshot(path=str(screenshots / "02-host-bar-video.png"))
    page.goto(f"{live_server}/screen/{token}")
    page.wait_for_function("() => document.getElementById('meeting-name').textContent !== '正在加载…'")
    assert page.locator("#host-video").count() == 0

    # The organizer: the detail shows the link; clone with new times, land in the wizard with the copy.
    sign_in(page, live_server, organizer)
    page.goto(f"{live_server}/admin/meetings/{mid}")
    page.wait_for_selector('[data-testid="video-url"]')
    assert page.get_attribute('[data-testid="video-url"]', "href") == VIDEO
    page.click('[data-testid="clone-meeting"]')
    page.wait_for_selector('[data-testid="clone-form"]')
    page.fill('[data-testid="clone-form"] input[name="name"]', "第二期战略合作签约仪式")
    page.screenshot(path=str(screenshots / "03-clone-form.png"), full_page=True)
    page.click('[data-testid="clone-submit"]')
    page.wait_for_url(re.compile(r"/admin/meetings/[0-9a-f]+/edit/details$"))
    copy_id = page.url.rsplit("/", 3)[-3]
    assert copy_id != mid
    page.wait_for_selector('[data-testid="video-url"]')
    assert page.input_value('[data-testid="video-url"]') == VIDEO
    copy = api_get(page, live_server, f"/api/meetings/{copy_id}")
    assert copy["status"] == "draft" and copy["name"] == "第二期战略合作签约仪式"
    assert len(copy["participants"]) == 3 and len(copy["documents"][0]["controls"]) == 6
    page.screenshot(path=str(screenshots / "04-clone-in-wizard.png"), full_page=True)

    # 我的预约: search by name; the CSV link follows the filters.
    page.goto(f"{live_server}/admin/meetings")
    page.wait_for_selector("#meeting-list table")
    assert page.locator("#meeting-list tbody tr").count() == 2
    page.fill('[data-testid="meeting-q"]', "第二期")
    page.press('[data-testid="meeting-q"]', "Enter")
    page.wait_for_function("() => document.querySelectorAll('#meeting-list tbody tr').length === 1")
    assert "第二期战略合作签约仪式" in page.inner_text("#meeting-list")
    href = page.get_attribute('[data-testid="export-meetings"]', "href")
    assert href.startswith("/api/meetings/export.csv?q=")
    res = page.request.get(live_server + href)
    assert res.ok and res.headers["content-type"].startswith("text/csv")
    text = res.body().decode("utf-8-sig")
    assert "第二期战略合作签约仪式" in text and not any(line.startswith("战略合作签约仪式,") for line in text.splitlines())
    page.fill('[data-testid="meeting-q"]', "没有这个会")
    page.press('[data-testid="meeting-q"]', "Enter")
    page.wait_for_selector('[data-testid="no-matches"]')
    page.screenshot(path=str(screenshots / "05-search-empty.png"), full_page=True)
    assert page.js_errors == []


def test_verify_names_the_file_and_the_contract_page_offers_the_zip(app, live_server, page, browser, screenshots,
                                                                    booked):
    from backend.core.extensions import db
    from backend.services.jobs import run_pending

    c = booked()
    for signer in c.phones:
        assert signer.login().verify_by_sms().status_code == 200 and signer.sign().status_code == 200
    run_pending()
    mid = c.meeting["id"]
    organizer = _organizer(c)
    db.session.commit()

    sign_in(page, live_server, organizer)
    page.goto(f"{live_server}/admin/contracts/{mid}")
    page.wait_for_selector('[data-testid="download-zip"]')
    downloads = {}
    for testid in ("download-pdf", "download-audit", "download-zip"):
        with page.expect_download() as info:
            page.click(f'[data-testid="{testid}"]')
        downloads[testid] = info.value
    assert downloads["download-pdf"].suggested_filename == "合同（已签署）.pdf"
    assert downloads["download-audit"].suggested_filename == "战略合作签约仪式（审计报告）.pdf"
    assert downloads["download-zip"].suggested_filename == "战略合作签约仪式（签署文件）.zip"
    files = {k: open(d.path(), "rb").read() for k, d in downloads.items()}
    assert page.get_attribute('[data-testid="verify-link"]', "href") == "/verify"

    check = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        verify = check.new_page()
        verify.goto(f"{live_server}/verify")
        for testid, kind, says in (("download-pdf", "contract", "真实、完整的 Signstage 合同"),
                                   ("download-audit", "audit_trail", "真实、完整的 Signstage 审计报告")):
            verify.set_input_files("#file", files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf",
                                                    "buffer": files[testid]}])
            verify.click("#submit")
            verify.wait_for_selector(f".verdict[data-kind={kind}]")
            report = verify.inner_text("#report")
            assert says in report, report
            if kind == "audit_trail":
                assert "签约审计报告" in report and "合同（" not in report
            else:
                assert "合同（签署完成版）" in report and "合同文件：合同.pdf" in report
            verify.screenshot(path=str(screenshots / f"verify-{kind}-360.png"), full_page=True)
    finally:
        check.close()
    assert page.js_errors == []
