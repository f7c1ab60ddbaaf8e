"""A live Signstage app on a loopback port, wired to an in-process fake WeChat, with a booked
meeting whose signing window is open: what the mini-program's Node tests drive over HTTP.

The session app of tests/conftest.py has fixed config (no WeChat), so `_app` is overridden
here: same factories (operator, make_enterprise, ceremony …) but an app of our own, with its
own DATA_DIR and SQLite file, and WECHAT_* pointing at the fake.
"""
import threading
from datetime import timedelta

import pytest
from werkzeug.serving import make_server

from dev.fake_wechat.server import FakeWeChat
from tests.support import add_document_with_controls, make_pdf

APPID = "wxminiprogram0001"
SECRET = "miniprogram-test-secret"


@pytest.fixture(scope="session")
def fake_wechat():
    with FakeWeChat(APPID, SECRET) as fake:
        yield fake


class _LateApp:
    """A WSGI callable bound before the app exists, so the app can learn the server's port."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def _live_server():
    """A threaded werkzeug server on a free loopback port; `.app` is filled in by `_app`."""
    target = _LateApp()
    server = make_server("127.0.0.1", 0, target, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="live-signstage", daemon=True)
    server.target = target
    server.base_url = f"http://127.0.0.1:{server.server_port}"
    thread.start()
    yield server
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def _app(tmp_path_factory, fake_wechat, _live_server):
    from flask_migrate import upgrade

    from backend.app import create_app

    data_dir = tmp_path_factory.mktemp("miniprogram-data")
    app = create_app({
        "TESTING": True, "DATA_DIR": str(data_dir), "SECRET_KEY": "miniprogram-test-secret-key",
        # Always SQLite: this app must not share (and wipe) a PostgreSQL test database.
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{data_dir / 'live.sqlite'}",
        "SMS_BACKEND": "file", "SMS_FILE_PATH": str(data_dir / "sms.jsonl"), "RUN_WORKER": False,
        # Links the API hands out (page images, QR codes) must reach this very server.
        "PUBLIC_BASE_URL": _live_server.base_url,
        "WECHAT_APPID": APPID, "WECHAT_SECRET": SECRET, "WECHAT_API_BASE_URL": fake_wechat.base_url,
    })
    with app.app_context():
        upgrade()
    _live_server.target.app = app
    return app


@pytest.fixture
def live_server(app, _live_server):
    """The live server's base URL, serving this test's (clean) database."""
    return _live_server.base_url


@pytest.fixture
def live_meeting(ceremony):
    """A booked meeting, signing open now (it starts in 10 minutes), one signer per enterprise.

    Returns (meeting_id, [signer dicts with scene, name, id_number, phone]).
    """
    from backend.core.extensions import db
    from backend.models import Participant

    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
    add_document_with_controls(c, make_pdf(2))
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 200, res.get_json()
    employees = [c.staff[c.org.id][0], c.staff[c.other.id][0]]
    signers = []
    for participant, employee in zip(c.signers, employees):
        scene = db.session.get(Participant, participant["id"]).scene_token
        assert scene, "booking gives every signer a scene token"
        signers.append({"participant_id": participant["id"], "scene": scene, "name": employee["name"],
                        "id_number": employee["id_number"], "phone": employee["phone"]})
    return c.meeting["id"], signers
