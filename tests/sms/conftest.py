"""Fixtures: a fake Tencent Cloud SMS on a free loopback port, and the app's SMS backend pointed at it."""
import pytest

from backend.core.resources import _sms_backend
from backend.lib.sms.backends import make_backend
from dev.fake_tencent_sms.server import FakeTencentSms


@pytest.fixture
def fake_tencent():
    with FakeTencentSms() as fake:
        yield fake


@pytest.fixture
def use_tencent(app, fake_tencent):
    """Swap the app's SMS backend for the real Tencent SDK talking to the fake; settings may be overridden."""
    def use(**overrides):
        cfg = {**app.config, **fake_tencent.settings(), **overrides}
        app.extensions["signstage"]["sms"] = _sms_backend(cfg)
        return fake_tencent
    yield use
    app.extensions["signstage"]["sms"] = make_backend("file", app.config["SMS_FILE_PATH"])
