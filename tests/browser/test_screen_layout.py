"""The result page at 4K and 720p: nothing overflows, every QR code decodes to its signer's link."""
import io
import time
from datetime import timedelta

import pytest
from PIL import Image

from tests.screen.helpers import book_open_meeting, decorate, sign_directly

zxingcpp = pytest.importorskip("zxingcpp")
pytestmark = pytest.mark.browser

OVERFLOW_JS = """() => {
  const stage = document.getElementById('stage').getBoundingClientRect();
  const doc = document.documentElement;
  const out = [];
  if (doc.scrollWidth > innerWidth || doc.scrollHeight > innerHeight) out.push('document scrolls');
  const inside = (r) => r.left >= stage.left - 1 && r.right <= stage.right + 1
    && r.top >= stage.top - 1 && r.bottom <= stage.bottom + 1;
  for (const el of document.querySelectorAll('.seat, .masthead, .progress, .preview, .preview .sheet, .emblem, .seat img')) {
    const r = el.getBoundingClientRect();
    if (r.width && !inside(r)) out.push('outside stage: ' + (el.className || el.tagName) + ' ' + JSON.stringify(r));
  }
  for (const el of document.querySelectorAll('.seat .name, .seat .state, #progress-text, .subtitle')) {
    if (el.scrollWidth > el.clientWidth + 1) out.push('text cut: ' + el.textContent);
  }
  const seats = [...document.querySelectorAll('.seat, .emblem')].map((e) => e.getBoundingClientRect());
  const sheet = document.querySelector('.preview .sheet')?.getBoundingClientRect();
  seats.forEach((a, i) => {
    seats.slice(i + 1).forEach((b) => {
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push('seats overlap');
    });
    if (sheet && a.left < sheet.right && sheet.left < a.right && a.top < sheet.bottom && sheet.top < a.bottom)
      out.push('seat over preview');
  });
  return out;
}"""


@pytest.fixture
def four_signers(app, ceremony):
    return book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=2))


def _links(booked):
    from backend.core.extensions import db
    from backend.models import Participant
    from backend.services.links import signer_link
    links = {s["id"]: signer_link(db.session.get(Participant, s["id"])) for s in booked.signers}
    db.session.rollback()  # never keep the live server waiting on this test's read transaction
    return links


def _open(browser, live_server, url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + url)
    page.wait_for_selector("#live-status[data-mode=live]")
    page.wait_for_function("() => [...document.images].every((i) => i.complete && i.naturalWidth > 0)")
    return context, page, errors


LONG_NAME = "2026年度长三角新能源汽车产业链战略合作框架协议线上签约仪式"


@pytest.mark.parametrize("width, height", [(3840, 2160), (1280, 720)])
def test_stage_fits_and_every_qr_decodes(browser, live_server, four_signers, screenshots, width, height):
    decorate(four_signers, name=LONG_NAME if width == 1280 else None)
    links = _links(four_signers)
    context, page, errors = _open(browser, live_server, four_signers.screen, width, height)
    try:
        assert page.evaluate(OVERFLOW_JS) == []
        shot = screenshots / f"screen-{width}x{height}-waiting.png"
        png = page.screenshot(path=str(shot))
        image = Image.open(io.BytesIO(png)).convert("RGB")
        qrs = page.query_selector_all("img.qr")
        assert len(qrs) == len(links)
        for qr in qrs:
            box = qr.bounding_box()
            pad = 12
            crop = image.crop((int(box["x"]) - pad, int(box["y"]) - pad,
                               int(box["x"] + box["width"]) + pad, int(box["y"] + box["height"]) + pad))
            decoded = [r.text for r in zxingcpp.read_barcodes(crop)]
            assert decoded == [links[qr.get_attribute("data-participant")]], f"{width}x{height}: {decoded}"
        found = {r.text for r in zxingcpp.read_barcodes(image)}
        assert found == set(links.values())
        # Two signers sign: their seals replace the QR codes, the preview fills, still no overflow.
        for s in four_signers.signers[:2]:
            sign_directly(s["id"])
        page.wait_for_function("() => document.querySelectorAll('.seat[data-status=signed] img.seal').length === 2")
        page.wait_for_timeout(1600)  # let the stamp animation settle before the picture
        assert page.evaluate(OVERFLOW_JS) == []
        page.screenshot(path=str(screenshots / f"screen-{width}x{height}-half-signed.png"))
        for s in four_signers.signers[2:]:
            sign_directly(s["id"])
        page.wait_for_selector("#celebration:not([hidden])")
        page.wait_for_timeout(1200)
        page.screenshot(path=str(screenshots / f"screen-{width}x{height}-all-signed.png"))
        assert errors == []
    finally:
        context.close()


def test_host_drags_a_seat_and_hides_qr_codes(browser, live_server, four_signers, screenshots):
    viewer_ctx, viewer, _ = _open(browser, live_server, four_signers.screen, 1920, 1080)
    host_ctx, host, errors = _open(browser, live_server, f"{four_signers.screen}?host={four_signers.host_token}",
                                   1920, 1080)
    try:
        assert viewer.is_hidden("#host-tools") and host.is_visible("#host-tools")
        host.click("#toggle-edit")
        seat_id = four_signers.signers[0]["id"]
        card = host.locator(f".seat[data-participant='{seat_id}']")
        before = float(viewer.locator(f".seat[data-participant='{seat_id}']").get_attribute("data-y"))
        box = card.bounding_box()
        host.mouse.move(box["x"] + box["width"] / 2, box["y"] + 20)
        host.mouse.down()
        host.mouse.move(box["x"] + box["width"] / 2, box["y"] - 300, steps=8)
        host.mouse.up()
        host.wait_for_function("() => document.getElementById('toast').textContent === '座位已保存'")
        host.screenshot(path=str(screenshots / "host-editing.png"))
        # The other screen follows without a reload.
        viewer.wait_for_function(
            f"() => Number(document.querySelector(\".seat[data-participant='{seat_id}']\").dataset.y) < {before - 0.1}")
        host.click("#toggle-qr")
        viewer.wait_for_function("() => document.querySelectorAll('img.qr').length === 0")
        host.click("#toggle-qr")
        viewer.wait_for_function("() => document.querySelectorAll('img.qr').length === 4")
        viewer.screenshot(path=str(screenshots / "viewer-after-host-move.png"))
        assert errors == []
    finally:
        viewer_ctx.close()
        host_ctx.close()


def test_stream_cut_then_resumed_delivers_the_missed_seal_once(app, _app, browser, live_server, four_signers,
                                                               screenshots):
    """Streams end every second here; a signature made while the page is reconnecting arrives once."""
    _app.config.update(LIVE_STREAM_SECONDS=1.0, LIVE_POLL_SECONDS=0.2)
    context, page, errors = _open(browser, live_server, four_signers.screen, 1280, 720)
    try:
        first, second = four_signers.signers[0]["id"], four_signers.signers[1]["id"]
        # Cut by hand: close the stream, sign, then reconnect from the last id seen.
        page.evaluate("window.signstageLive.source.close()")
        sign_directly(first)
        page.wait_for_timeout(800)
        assert page.locator(f".seat[data-participant='{first}'] img.seal").count() == 0
        page.evaluate("window.signstageLive.connect()")
        page.wait_for_selector(f".seat[data-participant='{first}'] img.seal")
        # Cut by the server: the stream ends by itself, the browser resumes with Last-Event-ID.
        page.wait_for_timeout(1500)
        sign_directly(second)
        page.wait_for_selector(f".seat[data-participant='{second}'] img.seal")
        page.wait_for_timeout(2500)  # a few more reconnections: nothing may arrive twice
        kinds = page.evaluate("window.signstageEvents")
        signed = [e["id"] for e in kinds if e["kind"] == "signed"]
        assert len(signed) == 2 and len(set(signed)) == 2, kinds
        ids = [e["id"] for e in kinds]
        assert ids == sorted(set(ids))
        assert errors == []
    finally:
        _app.config.update(LIVE_STREAM_SECONDS=300, LIVE_POLL_SECONDS=1.0)
        context.close()


def test_polling_takes_over_when_the_stream_fails(app, browser, live_server, four_signers, screenshots):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        page.route("**/events?*", lambda route: route.abort())  # a proxy that kills long requests
        page.goto(live_server + four_signers.screen)
        page.wait_for_selector("#live-status[data-mode=polling]", timeout=30_000)
        sign_directly(four_signers.signers[0]["id"])
        page.wait_for_selector(f".seat[data-participant='{four_signers.signers[0]['id']}'] img.seal", timeout=10_000)
        page.screenshot(path=str(screenshots / "screen-polling.png"))
    finally:
        context.close()


def test_stage_reaches_completed_when_the_audit_trail_lags_the_completed_event(app, browser, live_server,
                                                                              four_signers, monkeypatch):
    """The `completed` event lands when the PDFs are sealed; the status follows once the audit trail is
    rendered (slow on a busy machine). The stage must not stay on 封存中 after the event."""
    from backend.core.extensions import db
    from backend.services import completion

    render = completion.audit_trail_pdf

    def slow_render(*args, **kwargs):
        time.sleep(2.0)  # longer than the page's refresh after an event
        return render(*args, **kwargs)

    monkeypatch.setattr(completion, "audit_trail_pdf", slow_render)
    context, page, errors = _open(browser, live_server, four_signers.screen, 1280, 720)
    try:
        for signer in four_signers.signers:
            sign_directly(signer["id"])
        page.wait_for_function("() => document.getElementById('progress-text').textContent.includes('封存中')")
        completion.finish_meeting(four_signers.meeting_id)
        db.session.commit()
        events = page.evaluate("window.signstageEvents.map((e) => e.kind)")
        assert "completed" in events  # the event came while the trail was rendered ...
        page.wait_for_selector("#stage[data-status=completed]", timeout=10_000)  # ... and the stage followed
        page.wait_for_selector("#celebration:not([hidden])")
        assert errors == []
    finally:
        context.close()


def test_host_sees_failed_checks_on_a_scene_live_and_clears_them(app, browser, live_server, four_signers, screenshots):
    from backend.core.extensions import db
    from backend.models import Participant

    target = four_signers.signers[0]
    scene = db.session.get(Participant, target["id"]).scene_token
    db.session.rollback()
    host_ctx, host, errors = _open(browser, live_server, f"{four_signers.screen}?host={four_signers.host_token}",
                                   1920, 1080)
    viewer_ctx, viewer, _ = _open(browser, live_server, four_signers.screen, 1920, 1080)
    try:
        onlooker = app.test_client()
        token = onlooker.post("/api/signer/login", json={"channel": "h5"}).get_json()["token"]
        for _ in range(3):
            res = onlooker.post(f"/api/signer/scenes/{scene}/verify", headers={"Authorization": f"Bearer {token}"},
                                json={"name": "某某", "id_number": "110101199003070000", "sms_code": "000000"})
            assert res.status_code == 422
        db.session.rollback()
        item = host.locator(f"#host-attempts .attempt[data-participant='{target['id']}']")
        item.wait_for()  # arrives through the host's stream, no reload
        assert "验证失败3次" in item.text_content()
        assert viewer.locator("#host-attempts .attempt").count() == 0  # the shared screen shows nothing
        host.screenshot(path=str(screenshots / "host-attempts.png"))
        item.locator("button").click()
        host.wait_for_function("() => document.getElementById('toast').textContent.startsWith('已重置')")
        assert host.locator("#host-attempts .attempt").count() == 0
        assert errors == []
    finally:
        host_ctx.close()
        viewer_ctx.close()
