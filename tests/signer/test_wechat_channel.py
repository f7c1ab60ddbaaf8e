"""The signer API through wechatpy against the fake WeChat over real HTTP."""
import socket

import pytest

from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.pdf.verify import verify_pdf
from backend.models import Document, Employee, Meeting, Participant, SignatureRecord
from backend.services import jobs
from dev.fake_wechat.server import FakeWeChat

APPID, SECRET = "wx0123456789abcdef", "fake-secret-for-tests"


def _configure(app, base_url):
    app.config.update(WECHAT_APPID=APPID, WECHAT_SECRET=SECRET, WECHAT_API_BASE_URL=base_url)
    app.extensions["signstage"].pop("wechat", None)


@pytest.fixture
def fake_wechat(app):
    with FakeWeChat(APPID, SECRET) as fake:
        _configure(app, fake.base_url)
        yield fake
    app.config.update(WECHAT_APPID=None, WECHAT_SECRET=None, WECHAT_API_BASE_URL=None)
    app.extensions["signstage"].pop("wechat", None)


def test_wechat_and_h5_signers_complete_the_contract(booked, fake_wechat):
    c = booked()
    wx, h5 = c.phones
    res = wx.client.post("/api/signer/login", json={"channel": "wechat",
                                                    "code": fake_wechat.issue_login_code("openid-wx-1")})
    assert res.status_code == 200 and set(res.get_json()) == {"token"}
    wx.api.token = res.get_json()["token"]
    assert wx.get().get_json()["id_number_required"] is True
    res = wx.post("/verify", json={"name": wx.info["name"], "id_number": wx.info["id_number"],
                                   "phone_code": fake_wechat.issue_phone_code(wx.info["phone"])})
    assert res.get_json() == {"verified": True}
    assert wx.sign().status_code == 200
    h5.login().verify_by_sms()
    assert h5.sign().status_code == 200
    jobs.run_pending()
    assert db.session.get(Meeting, c.meeting["id"]).status == "completed"
    methods = {r.channel: r.verification_method for r in SignatureRecord.query.all()}
    assert methods == {"wechat": "wechat_phone", "h5": "sms"}
    report = verify_pdf(files().get(Document.query.one().current_key), platform_ca().trust_roots)
    assert report.authentic
    assert Employee.query.filter_by(openid="openid-wx-1").one().name == wx.info["name"]


def test_bound_openid_skips_the_id_number_but_not_the_match(booked, fake_wechat):
    c = booked()
    wx = c.phones[0]
    first = wx.client.post("/api/signer/login", json={"channel": "wechat",
                                                      "code": fake_wechat.issue_login_code("openid-wx-2")})
    wx.api.token = first.get_json()["token"]
    wx.post("/verify", json={"name": wx.info["name"], "id_number": wx.info["id_number"],
                             "phone_code": fake_wechat.issue_phone_code(wx.info["phone"])})
    again = wx.client.post("/api/signer/login", json={"channel": "wechat",
                                                      "code": fake_wechat.issue_login_code("openid-wx-2")})
    wx.api.token = again.get_json()["token"]
    assert wx.get().get_json()["id_number_required"] is False
    wrong_name = wx.post("/verify", json={"name": "别人", "phone_code": fake_wechat.issue_phone_code(wx.info["phone"])})
    assert wrong_name.status_code == 422
    res = wx.post("/verify", json={"name": wx.info["name"], "phone_code": fake_wechat.issue_phone_code(wx.info["phone"])})
    assert res.get_json() == {"verified": True}


def test_someone_elses_phone_fails_verification(booked, fake_wechat):
    c = booked()
    wx = c.phones[0]
    wx.api.token = wx.client.post("/api/signer/login", json={
        "channel": "wechat", "code": fake_wechat.issue_login_code("openid-3")}).get_json()["token"]
    res = wx.post("/verify", json={"name": wx.info["name"], "id_number": wx.info["id_number"],
                                   "phone_code": fake_wechat.issue_phone_code("13999999999")})
    assert res.status_code == 422 and res.get_json()["error"]["code"] == "verification_failed"


def test_a_used_login_code_is_a_clear_400(client, fake_wechat):
    code = fake_wechat.issue_login_code("openid-4")
    assert client.post("/api/signer/login", json={"channel": "wechat", "code": code}).status_code == 200
    res = client.post("/api/signer/login", json={"channel": "wechat", "code": code})
    assert res.status_code == 400 and res.get_json()["error"]["code"] == "wechat_code_used"


def test_wechat_unreachable_is_502_not_500(app, client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _configure(app, f"http://127.0.0.1:{port}")
    try:
        res = client.post("/api/signer/login", json={"channel": "wechat", "code": "0" * 32})
        assert res.status_code == 502 and res.get_json()["error"]["code"] == "wechat_unavailable"
    finally:
        app.config.update(WECHAT_APPID=None, WECHAT_SECRET=None, WECHAT_API_BASE_URL=None)
        app.extensions["signstage"].pop("wechat", None)


def test_wechat_login_without_configuration_is_422(client):
    res = client.post("/api/signer/login", json={"channel": "wechat", "code": "abc"})
    assert res.status_code == 422 and res.get_json()["error"]["code"] == "wechat_not_configured"


def test_screen_shows_the_mini_program_code_when_wechat_is_configured(booked, fake_wechat, client):
    import io

    from PIL import Image
    c = booked()
    token = c.result_url.rsplit("/", 1)[-1]
    signer_id = c.signers[0]["id"]
    res = client.get(f"/screen/{token}/qr/{signer_id}.png")
    assert res.status_code == 200 and Image.open(io.BytesIO(res.data)).format == "PNG"
    calls = [r for r in fake_wechat.requests if r.path.endswith("getwxacodeunlimit")]
    assert len(calls) == 1 and c.phones[0].scene.encode() in calls[0].body


def test_screen_falls_back_to_the_h5_qr_when_wechat_fails(booked, fake_wechat, client):
    import io

    import zxingcpp
    from PIL import Image
    c = booked()
    fake_wechat.fail_next("/wxa/getwxacodeunlimit", 45011, times=5)
    token = c.result_url.rsplit("/", 1)[-1]
    res = client.get(f"/screen/{token}/qr/{c.signers[0]['id']}.png")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(res.data)))
    assert decoded and decoded[0].text.endswith(f"/h5/s/{c.phones[0].scene}")


def test_a_hong_kong_signer_verifies_with_the_phone_wechat_gives(booked, fake_wechat):
    # WeChat gives +852 9123 4567 as purePhoneNumber 91234567 and countryCode 852: it must match the registry.
    from backend.core.resources import cipher
    c = booked()
    wx = c.phones[0]
    participant = Participant.query.filter_by(scene_token=wx.scene).one()
    for row in (participant, participant.employee):  # registered with a Hong Kong mobile
        row.phone_enc, row.phone_hmac = cipher().encrypt("+85291234567"), cipher().lookup("+85291234567")
    db.session.commit()
    wx.api.token = wx.client.post("/api/signer/login", json={
        "channel": "wechat", "code": fake_wechat.issue_login_code("openid-hk")}).get_json()["token"]
    res = wx.post("/verify", json={"name": wx.info["name"], "id_number": wx.info["id_number"],
                                   "phone_code": fake_wechat.issue_phone_code("91234567", "852")})
    assert res.get_json() == {"verified": True}
