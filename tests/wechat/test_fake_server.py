"""The fake WeChat itself: WeChat's shapes over plain HTTP, code minting, the CLI."""

import os
import re
import signal
import subprocess
import sys
import time

import requests

from backend.lib.wechat import WeChatGateway
from dev.fake_wechat.server import FakeWeChat
from tests.wechat.support import APPID, SECRET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_token_endpoint_shapes(fake):
    url = fake.base_url + "/cgi-bin/token"
    ok = requests.get(url, params={"grant_type": "client_credential", "appid": APPID,
                                   "secret": SECRET}, timeout=5).json()
    assert set(ok) == {"access_token", "expires_in"} and ok["expires_in"] == 7200
    bad_appid = requests.get(url, params={"grant_type": "client_credential", "appid": "wxno",
                                          "secret": SECRET}, timeout=5).json()
    assert bad_appid["errcode"] == 40013 and "invalid appid" in bad_appid["errmsg"]
    bad_secret = requests.get(url, params={"grant_type": "client_credential", "appid": APPID,
                                           "secret": "nope"}, timeout=5).json()
    assert bad_secret["errcode"] == 40125


def test_wxa_endpoints_demand_a_valid_token(fake):
    for path in ("/wxa/getwxacodeunlimit", "/wxa/business/getuserphonenumber"):
        missing = requests.post(fake.base_url + path, json={}, timeout=5).json()
        assert missing["errcode"] == 41001
        bogus = requests.post(fake.base_url + path, params={"access_token": "bogus"},
                              json={}, timeout=5).json()
        assert bogus["errcode"] == 40001


def test_old_token_works_five_minutes_after_a_refetch(fake, clock):
    def token():
        return requests.get(fake.base_url + "/cgi-bin/token", timeout=5, params={
            "grant_type": "client_credential", "appid": APPID, "secret": SECRET}).json()["access_token"]

    def phone(access_token):
        return requests.post(fake.base_url + "/wxa/business/getuserphonenumber",
                             params={"access_token": access_token},
                             json={"code": fake.issue_phone_code("13800138000")}, timeout=5).json()

    old = token()
    token()
    clock.advance(299)
    assert phone(old)["errcode"] == 0
    clock.advance(2)
    assert phone(old)["errcode"] == 42001


def test_mint_endpoints_over_http(fake, gateway):
    code = requests.post(fake.base_url + "/__fake__/login-code",
                         json={"openid": "o-node", "unionid": "u-node"}, timeout=5).json()["code"]
    assert gateway.code_to_session(code).openid == "o-node"
    phone_code = requests.post(fake.base_url + "/__fake__/phone-code",
                               json={"phone": "13700137000"}, timeout=5).json()["code"]
    assert gateway.phone_number(phone_code) == "13700137000"
    assert requests.post(fake.base_url + "/__fake__/login-code", json={}, timeout=5).status_code == 400
    # Minting is not WeChat traffic and stays out of the request log.
    assert not any(r.path.startswith("/__fake__") for r in fake.requests)


def test_stop_frees_the_port():
    fake = FakeWeChat(APPID, SECRET).start()
    url = fake.base_url
    fake.stop()
    try:
        requests.get(url + "/cgi-bin/token", timeout=1)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError("the fake still answers after stop()")


def _url_printed(log_path, proc, timeout=15.0) -> str:
    """The base URL the CLI prints once it serves; fails (never hangs) if it does not within timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(r"(http://127\.0\.0\.1:\d+)", log_path.read_text())
        if match:
            return match.group(1)
        assert proc.poll() is None, f"the CLI exited with {proc.returncode}: {log_path.read_text()}"
        time.sleep(0.05)
    raise AssertionError(f"the CLI printed no URL within {timeout} s: {log_path.read_text()}")


def test_cli_serves_and_mints_codes(tmp_path):
    log_path = tmp_path / "fake.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dev.fake_wechat.server", "--port", "0", "--appid", "wxcli", "--secret", "cli-secret"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        base = _url_printed(log_path, proc)
        code = requests.post(base + "/__fake__/login-code", json={"openid": "o-cli"}, timeout=5).json()["code"]
        gw = WeChatGateway("wxcli", "cli-secret", base_url=base)
        assert gw.code_to_session(code).openid == "o-cli"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()  # never leave the server running, whatever failed above
            proc.wait(timeout=10)
    assert proc.returncode == 0, log_path.read_text()
