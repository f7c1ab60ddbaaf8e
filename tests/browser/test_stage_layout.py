"""What the organizer lays out is what the room sees: the layout editor and the big screen share one geometry.

At 1366×768, 1920×1080 and 3840×2160 no two drawn boxes overlap, every QR code decodes from a
screenshot, each logo stands within 2 % of where the editor put it, and the completion state leaves
the counter and the meeting's name uncovered. A host link with a wrong token says so.
"""
import io
from datetime import timedelta

import pytest
from PIL import Image

from tests.screen.helpers import book_open_meeting, sign_directly

zxingcpp = pytest.importorskip("zxingcpp")
pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1920, 1080), (3840, 2160)]
GEOMETRY_URL = "/h5/assets/common/stage-geometry.js"

# Every box the screen draws that must stand clear of every other: cards, logos and badges, the contract
# preview, the title, the date line and the counter.
BOXES_JS = """() => {
  const stage = document.getElementById('stage').getBoundingClientRect();
  const pick = (sel, kind) => [...document.querySelectorAll(sel)].map((e) => {
    const r = e.getBoundingClientRect();
    const inside = r.left >= stage.left - 1 && r.right <= stage.right + 1 && r.top >= stage.top - 1
      && r.bottom <= stage.bottom + 1;
    const id = e.dataset.participant || e.dataset.enterprise || sel;
    return { kind, id, x: r.left, y: r.top, w: r.width, h: r.height, inside };
  }).filter((b) => b.w && b.h);
  return [...pick('.seat', 'seat'), ...pick('.emblem', 'emblem'), ...pick('.preview .sheet', 'preview'),
          ...pick('#meeting-name', 'title'), ...pick('.subtitle', 'date'), ...pick('.progress', 'counter')];
}"""

# The centre of each element, as a fraction of the stage.
CENTRES_JS = """(sel) => {
  const stage = (document.getElementById('stage') || document.querySelector('[data-testid=stage]')).getBoundingClientRect();
  return Object.fromEntries([...document.querySelectorAll(sel)].map((e) => {
    const r = e.getBoundingClientRect();
    return [e.dataset.enterprise || e.dataset.participant,
            [(r.left + r.width / 2 - stage.left) / stage.width, (r.top + r.height / 2 - stage.top) / stage.height]];
  }));
}"""

# Whether what is at the centre of each element is that element (or inside it): nothing covers it.
UNCOVERED_JS = """(sels) => sels.flatMap((sel) => [...document.querySelectorAll(sel)].map((e) => {
  const r = e.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return [sel, Boolean(hit && (hit === e || e.contains(hit))), hit ? (hit.id || hit.className || hit.tagName) : null];
}))"""


def _overlapping(boxes):
    def meet(a, b):
        return a["x"] < b["x"] + b["w"] - 0.5 and b["x"] < a["x"] + a["w"] - 0.5 \
            and a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5
    return [(a["kind"], a["id"], b["kind"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if meet(a, b)]


def _links(booked):
    from backend.core.extensions import db
    from backend.models import Participant
    from backend.services.links import signer_link
    links = {s["id"]: signer_link(db.session.get(Participant, s["id"])) for s in booked.signers}
    db.session.rollback()  # never keep the live server waiting on this test's read transaction
    return links


def _settle(page):
    page.wait_for_function("() => [...document.images].every((i) => i.complete && i.naturalWidth > 0)")
    page.wait_for_timeout(150)  # the resize has been laid out and painted


def _check_stage(page, links, shot):
    """No overlap, nothing off the stage, and every waiting signer's QR code decodes to their link."""
    _settle(page)
    boxes = page.evaluate(BOXES_JS)
    assert [b for b in boxes if not b["inside"]] == []
    assert _overlapping(boxes) == []
    # JPEG: Chromium takes seconds to encode a 4K PNG; every QR module is still several clean pixels wide.
    png = page.screenshot(path=str(shot.with_suffix(".jpg")), type="jpeg", quality=92)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    qrs = page.query_selector_all("img.qr")
    assert len(qrs) == len(links)
    for qr in qrs:
        box = qr.bounding_box()
        pad = 10
        crop = image.crop((int(box["x"]) - pad, int(box["y"]) - pad,
                           int(box["x"] + box["width"]) + pad, int(box["y"] + box["height"]) + pad))
        decoded = [r.text for r in zxingcpp.read_barcodes(crop)]
        assert decoded == [links[qr.get_attribute("data-participant")]], (shot.name, decoded)
    return boxes


def _add_observers(c, n):
    for i in range(n):
        res = c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
            "role": "observer", "name": f"嘉宾{i}", "phone": f"1390000{i:04d}", "enterprise_name": "观礼单位",
            "title": "特邀嘉宾"})
        assert res.status_code == 201, res.get_json()


def _organizer(c) -> str:
    from backend.core.extensions import db
    from backend.models import AdminUser
    name = AdminUser.query.filter_by(enterprise_id=c.org.id, role="organizer").one().username
    db.session.rollback()
    return name


def _drag(page, start, end):
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 4, start[1] + 4, steps=2)
    page.mouse.move(*end, steps=12)
    page.mouse.up()


def _centre(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _wait_saved(page):
    page.wait_for_selector('[data-testid="layout-save-state"][data-state="saved"]')


@pytest.fixture
def editor_meeting(app, ceremony):
    """Four signers of two enterprises (the first with a logo, the second without), a host and two guests."""
    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=2)
    _add_observers(c, 2)
    booked = book_open_meeting(c)
    # The second enterprise has no logo: the screen shows a name badge for it.
    buf = io.BytesIO()
    Image.new("RGB", (360, 120), (20, 90, 170)).save(buf, "PNG")
    key = c.api.post(f"/api/meetings/{booked.meeting_id}/layout/logo", data={"image": (io.BytesIO(buf.getvalue()), "logo.png")},
                     content_type="multipart/form-data").get_json()["key"]
    assert c.api.put(f"/api/meetings/{booked.meeting_id}/layout", json={"logos": {c.org.id: key}}).status_code == 200
    return booked


def test_the_screen_shows_what_the_editor_laid_out(app, browser, live_server, editor_meeting, screenshots):
    booked = editor_meeting
    c = booked.c
    links = _links(booked)
    organizer = _organizer(c)
    context = browser.new_context(viewport={"width": 1440, "height": 960}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{live_server}/admin/login")
        page.fill('input[name="username"]', organizer)
        page.fill('input[name="password"]', "password-123")
        page.click('button[type="submit"]')
        page.wait_for_load_state()
        # The wizard's participant form takes a title (职务): the screen shows it under the name.
        first = booked.signers[0]["id"]
        page.goto(f"{live_server}/admin/meetings/{booked.meeting_id}/edit/participants")
        page.locator(f'[data-testid="participants"] tr[data-participant="{first}"] [data-testid="edit-participant"]').click()
        form = page.locator('[data-testid="participant-form"]')
        form.locator('input[name="job_title"]').fill("董事长")
        form.locator('button[type="submit"]').click()
        page.wait_for_selector(f'[data-testid="participants"] tr[data-participant="{first}"] [data-testid="participant-title"]')
        page.goto(f"{live_server}/admin/meetings/{booked.meeting_id}/edit/layout")
        stage = page.locator('[data-testid="stage"]')
        stage.wait_for()
        page.click('[data-testid="auto-layout"]')
        _wait_saved(page)
        assert stage.get_attribute("data-overlaps") == "0"
        # Presentation: the banner docks in the bottom-left corner; the celebration runs 4 seconds.
        page.select_option('[data-testid="banner-place"]', "left")
        page.fill('[data-testid="celebration-seconds"]', "4")
        page.press('[data-testid="celebration-seconds"]', "Tab")
        _wait_saved(page)

        def at(x, y):
            box = stage.bounding_box()
            return box["x"] + box["width"] * x, box["y"] + box["height"] * y

        # A signer dropped on another is flagged with the real footprints; dragged clear, the flag goes.
        second = booked.signers[1]["id"]
        seat = page.locator(f'[data-testid="seat"][data-participant="{first}"]')
        other = page.locator(f'[data-testid="seat"][data-participant="{second}"]')
        sb = seat.bounding_box()
        _drag(page, _centre(other.bounding_box()), (sb["x"] + sb["width"] * 0.8, sb["y"] + sb["height"] * 0.6))
        _wait_saved(page)
        page.wait_for_selector('[data-testid="layout-overlaps"] .alert')
        assert page.locator('[data-testid="seat"].overlap').count() == 2
        _drag(page, _centre(other.bounding_box()), at(0.333, 0.56))
        _wait_saved(page)
        assert page.locator('[data-testid="seat"].overlap').count() == 0
        # The first enterprise's logo goes near the centre, under the contract (the banner now docks left).
        logo = page.locator(f'[data-testid="stage-logo"][data-enterprise="{c.org.name}"]')
        _drag(page, _centre(logo.bounding_box()), at(0.5, 0.91))
        _wait_saved(page)
        page.mouse.move(0, 0)
        page.wait_for_function("() => document.querySelector('[data-testid=stage]').dataset.overlaps === '0'")
        assert page.locator('[data-testid="layout-overlaps"] .alert').count() == 0
        placed = page.evaluate(CENTRES_JS, '[data-testid="stage-logo"]')
        page.screenshot(path=str(screenshots / "editor.png"))
        assert abs(placed[c.org.name][0] - 0.5) < 0.01 and abs(placed[c.org.name][1] - 0.91) < 0.01
        assert errors == []

        # The big screen, at each size, in the same page.
        page.goto(live_server + booked.screen)
        page.wait_for_selector("#live-status[data-mode=live]")
        assert page.locator(".emblem.badge").count() == 1 and page.locator(".emblem.logo img").count() == 1
        assert page.locator(f".emblem.badge[data-enterprise='{c.other.name}']").text_content() == c.other.name
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            _check_stage(page, links, screenshots / f"screen-{width}x{height}.png")
            shown = page.evaluate(CENTRES_JS, ".emblem")
            for name, (x, y) in placed.items():
                assert abs(shown[name][0] - x) <= 0.02 and abs(shown[name][1] - y) <= 0.02, (width, name, shown[name])
            # Full names by default (the signers matched the registry), with the guests' titles.
            assert page.locator(f".seat[data-participant='{first}'] .name").text_content() == "签署人0"
            assert page.locator(f".seat[data-participant='{first}'] .title").text_content() == "董事长"
            assert "特邀嘉宾" in page.locator(".seat.compact", has_text="嘉宾0").text_content()

        # Completion: the banner and the confetti never cover the name, the date line or the counter.
        for s in booked.signers:
            sign_directly(s["id"])
        page.wait_for_selector("#celebration.celebrating")
        header = ["#meeting-name", "#meeting-time", "#meeting-status", "#progress-text"]
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            result = page.evaluate(UNCOVERED_JS, header)
            assert all(ok for _, ok, _ in result), (width, result)
        page.screenshot(path=str(screenshots / "celebrating.png"))
        # The celebration ends after the organizer's seconds: the confetti stops, the banner docks left.
        page.wait_for_selector("#celebration:not(.celebrating)", timeout=8000)
        assert page.locator(".confetti i").count() == 0
        from backend.core.extensions import db
        from backend.services import completion
        completion.finish_meeting(booked.meeting_id)
        db.session.commit()
        page.wait_for_selector("#stage[data-status=completed]")
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(100)
            result = page.evaluate(UNCOVERED_JS, header)
            assert all(ok for _, ok, _ in result), (width, result)
            banner = _banner_box(page)
            stage = page.locator("#stage").bounding_box()
            assert banner["x"] + banner["w"] / 2 - stage["x"] < stage["width"] * 0.25  # docked bottom left
            assert banner["y"] - stage["y"] > stage["height"] * 0.8
            assert _overlapping(page.evaluate(BOXES_JS) + [banner]) == []
            if width == 1920:
                page.screenshot(path=str(screenshots / "completed.png"))

        # A fresh load of the completed meeting: no overlay over the contract or the cards.
        page.reload()
        page.wait_for_selector("#stage[data-status=completed]")
        _settle(page)
        assert page.locator("#celebration.celebrating").count() == 0 and page.locator(".confetti i").count() == 0
        result = page.evaluate(UNCOVERED_JS, [*header, ".preview .sheet .page", ".seat .name", ".emblem"])
        assert all(ok for _, ok, _ in result), result
        page.screenshot(path=str(screenshots / "completed-fresh-load.png"))
        assert errors == []
    except Exception:
        page.screenshot(path=str(screenshots / "failure.png"))
        raise
    finally:
        context.close()


def _banner_box(page):
    r = page.locator("#celebration .banner").bounding_box()
    return {"kind": "banner", "id": "banner", "x": r["x"], "y": r["y"], "w": r["width"], "h": r["height"], "inside": True}


@pytest.mark.parametrize("per_enterprise, observers", [(1, 0), (4, 4)])  # the editor test has 4 and 2
def test_layouts_of_two_to_eight_signers_fit_at_every_size(app, browser, live_server, ceremony, screenshots,
                                                          per_enterprise, observers):
    """The shared geometry's arrangement, saved through the API, is drawn without overlap at every size."""
    from backend.core.extensions import db
    from backend.models import Meeting
    from backend.services.layout import auto_seats

    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=per_enterprise)
    _add_observers(c, observers)
    booked = book_open_meeting(c)
    links = _links(booked)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(live_server + booked.screen)
        page.wait_for_selector("#live-status[data-mode=live]")
        people = c.api.get(f"/api/meetings/{booked.meeting_id}").get_json()["participants"]
        enterprises = list(dict.fromkeys(p["enterprise_name"] for p in people if p["role"] == "signer"))
        made = page.evaluate("""async ([url, people, enterprises]) => (await import(url)).arrange(people, enterprises)""",
                             [GEOMETRY_URL, [{"id": p["id"], "role": p["role"]} for p in people], enterprises])
        # The server's automatic arrangement is the editor's.
        assert made["seats"] == auto_seats(db.session.get(Meeting, booked.meeting_id))
        db.session.rollback()
        places = {lg["enterprise_name"]: {"x": lg["x"], "y": lg["y"]} for lg in made["logos"]}
        res = c.api.put(f"/api/meetings/{booked.meeting_id}/layout", json={"seats": made["seats"], "logo_positions": places})
        assert res.status_code == 200, res.get_json()
        db.session.rollback()
        page.wait_for_function(f"() => document.querySelectorAll('.seat').length === {len(made['seats'])}")
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            boxes = _check_stage(page, links, screenshots / f"screen-{2 * per_enterprise}-{observers}-{width}x{height}.png")
            assert sum(b["kind"] == "seat" for b in boxes) == 2 * per_enterprise + observers + 1
            assert sum(b["kind"] == "emblem" for b in boxes) == 2  # a name badge each: no logo was uploaded
        assert errors == []
    finally:
        context.close()


def test_a_host_link_with_a_wrong_token_says_so(app, browser, live_server, ceremony):
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    try:
        for host in (booked.host_token[:-5], "", "B" * 32, "主持人"):  # cut short, empty, another's, garbage
            page.goto(f"{live_server}{booked.screen}?host={host}")
            page.wait_for_selector("#live-status[data-mode=live]")
            notice = page.locator("#host-notice")
            assert notice.is_visible() and "主持人链接无效" in notice.text_content(), host
            assert page.locator("#host-tools").is_hidden()
        page.click("#host-notice-close")
        assert page.locator("#host-notice").is_hidden()
        # The right token shows the controls and no such message.
        page.goto(f"{live_server}{booked.screen}?host={booked.host_token}")
        page.wait_for_selector("#live-status[data-mode=live]")
        assert page.locator("#host-tools").is_visible() and page.locator("#host-notice").is_hidden()
    finally:
        context.close()
