"""The big screen's contract preview is fetched at the size it is shown, as a JPEG, in fixed steps."""
import re
from datetime import timedelta

import pytest

from tests.screen.helpers import book_open_meeting

pytestmark = pytest.mark.browser
STEPS = [400, 600, 800, 1000, 1200, 1600, 2000]  # h5/screen/preview.js PREVIEW_WIDTHS

PREVIEW_JS = """() => {
  const img = document.querySelector('.preview img.page');
  return img && img.complete && img.naturalWidth
    ? {src: img.getAttribute('src'), natural: img.naturalWidth, shown: img.getBoundingClientRect().width} : null;
}"""


@pytest.fixture
def screen(app, ceremony):
    return book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))


def _preview(page) -> dict:
    page.wait_for_function(PREVIEW_JS)
    return page.evaluate(PREVIEW_JS)


@pytest.mark.parametrize("scale", [1, 2])
def test_the_preview_asks_for_the_step_above_its_displayed_width(browser, live_server, screen, scale):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, device_scale_factor=scale,
                                  locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(live_server + screen.screen)
        page.wait_for_selector("#live-status[data-mode=live]")
        first = _preview(page)
        match = re.fullmatch(rf"/screen/{screen.result_token}/pages/{screen.document['id']}/1\.jpg\?v=[0-9a-f]{{16}}"
                             r"&width=(\d+)", first["src"])
        assert match, first
        width = int(match.group(1))
        assert width == first["natural"]
        assert width == next(s for s in STEPS if s >= first["shown"] * scale), first
        # The host goes full screen on a bigger display: the sheet grows, the next step is fetched once.
        page.set_viewport_size({"width": 2560, "height": 1440})
        page.wait_for_function(f"() => {{ const p = ({PREVIEW_JS})(); return p && p.natural > {width}; }}")
        grown = _preview(page)
        assert grown["natural"] == next(s for s in STEPS if s >= grown["shown"] * scale), grown
        # ... and shrinking keeps the sharper image rather than fetching a smaller one.
        page.set_viewport_size({"width": 1280, "height": 720})
        page.wait_for_timeout(300)
        assert _preview(page)["natural"] == grown["natural"]
        assert errors == []
    finally:
        context.close()
