"""Factories for signer tests: a booked meeting whose signing window is open, signer clients."""
import base64
import io
from datetime import timedelta

import pytest
from PIL import Image, ImageDraw

from backend.extensions import db
from backend.models import Participant
from tests.support import add_document_with_controls, make_pdf
from tests.support import Api


def handwriting_png(blank: bool = False) -> str:
    img = Image.new("RGBA", (600, 240), (255, 255, 255, 0))
    if not blank:
        draw = ImageDraw.Draw(img)
        draw.line([(40, 180), (160, 60), (260, 170), (380, 50), (540, 160)], fill=(20, 20, 20, 255), width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


class Signer:
    """One signer's phone: a signer session on their scene."""

    def __init__(self, client, info: dict, scene: str, sms_messages):
        self.client, self.info, self.scene, self._sms = client, info, scene, sms_messages
        self.api = Api(client)

    def login(self, channel="h5", code=None, ip="10.0.0.1"):
        res = self.client.post("/api/signer/login", json={"channel": channel, **({"code": code} if code else {})},
                               environ_base={"REMOTE_ADDR": ip})
        assert res.status_code == 200, res.get_json()
        self.api.token = res.get_json()["token"]
        self.ip = ip
        return self

    def post(self, path, json=None, **kw):
        return self.api.post(f"/api/signer/scenes/{self.scene}{path}", json=json,
                             environ_base={"REMOTE_ADDR": getattr(self, "ip", "10.0.0.1")}, **kw)

    def get(self, path=""):
        return self.api.get(f"/api/signer/scenes/{self.scene}{path}",
                            environ_base={"REMOTE_ADDR": getattr(self, "ip", "10.0.0.1")})

    def last_code(self) -> str:
        mine = [m for m in self._sms() if m["to"] == self.info["phone"] and m["template"] == "otp"]
        return mine[-1]["params"]["code"]

    def verify_by_sms(self, **override):
        assert self.post("/sms").status_code == 202
        body = {"name": self.info["name"], "id_number": self.info["id_number"], "sms_code": self.last_code()}
        body.update(override)
        return self.post("/verify", json=body)

    def sign(self, key="k1", seals=None, png=None):
        if seals is None:
            seals = {}
            docs = self.get("/documents").get_json()
            my_seals = self.get("/seals").get_json()
            for doc in docs:
                for c in doc["controls"]:
                    if c["kind"] == "seal":
                        seals[c["id"]] = my_seals[0]["id"]
        return self.post("/sign", json={"signature_png": png or handwriting_png(), "seals": seals},
                         headers={"Idempotency-Key": key})


@pytest.fixture
def booked(ceremony, sms_messages, client, app):
    """A booked meeting starting in 10 minutes (signing open), with a Signer per signer."""
    def make(signers_per_enterprise=1, pages=2, starts_in=timedelta(minutes=10)):
        c = ceremony(starts_in=starts_in, signers_per_enterprise=signers_per_enterprise)
        c.doc = add_document_with_controls(c, make_pdf(pages=pages))
        res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
        assert res.status_code == 200, res.get_json()
        c.result_url = res.get_json()["result_url"]
        people = {e["id_number"]: e for staff in c.staff.values() for e in staff}
        c.phones = []
        for s in c.signers:
            p = db.session.get(Participant, s["id"])
            info = next(e for e in people.values() if e["name"] == s["name"] and e["phone"][-4:] == s["phone_masked"][-4:])
            c.phones.append(Signer(app.test_client(), info, p.scene_token, sms_messages))
        return c
    return make
