"""Browser-test fixtures: the session app on a live local server, Debian Chromium, a screenshot folder."""
import os
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def live_server(_app):
    """Serve the test app (tests/conftest.py's `_app`) on 127.0.0.1:<free port>; yield its base URL.

    Request `app` as well in a test to get the usual clean database afterwards. On SQLite every
    transaction here begins IMMEDIATE (backend/database.py), so a test that touched `db.session` (or
    called the API through the Flask test client, which shares the test's app context) must
    `db.session.commit()` before the browser acts, or the server waits on the write lock.
    Reading the API over HTTP (`page.request.get(...)`, with the browser's cookie) avoids this.
    """
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, _app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def _playwright():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    """Debian's Chromium, headless, launched once per session."""
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        # Every page of every test must work under the Content-Security-Policy the app sends.
        context = new_context(*args, **kwargs)
        context.on("console", lambda msg: CSP_VIOLATIONS.append(msg.text)
                   if "Content Security Policy" in msg.text else None)
        return context

    browser.new_context = watched_context
    yield browser
    browser.close()


CSP_VIOLATIONS: list[str] = []


@pytest.fixture(autouse=True)
def no_csp_violations():
    """Fail a browser test whose pages broke the Content-Security-Policy (blocked script, style or image)."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == []


@contextmanager
def desktop_page(browser, locale="zh-CN", viewport=None, timeout=15000):
    """A fresh browser context and page (own cookies) at a desktop size, in a browser speaking `locale`;
    `page.js_errors` collects the page's uncaught errors."""
    context = browser.new_context(viewport=viewport or {"width": 1440, "height": 960}, locale=locale,
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(timeout)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    """A desktop page in a Chinese browser."""
    with desktop_page(browser) as page:
        yield page


@pytest.fixture
def english_page(browser):
    """A desktop page in a browser that asks for English (Accept-Language and the inputs' own language)."""
    with desktop_page(browser, "en-US") as page:
        yield page


@pytest.fixture
def screenshots(request, capsys):
    """A folder for this test's screenshots (./test-artifacts/screenshots/<test>/, gitignored); its path is printed."""
    root = Path(os.environ.get("SCREENSHOT_DIR") or Path.cwd() / "test-artifacts" / "screenshots")
    folder = root / request.node.name / datetime.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    with capsys.disabled():
        print(f"\n[screenshots] {folder}")
    return folder


@pytest.fixture
def worker(_app):
    """The signing-job worker, in a thread, as the app runs it by default."""
    import threading

    from backend.services import jobs
    stop = threading.Event()
    thread = threading.Thread(target=jobs.work_forever, args=(_app, stop, 0.3), daemon=True)
    thread.start()
    yield
    stop.set()
    jobs.wake()
    thread.join(timeout=30)
