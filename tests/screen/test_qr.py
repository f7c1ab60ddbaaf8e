"""Each signer's QR code decodes to their H5 signing link."""
import io

import pytest
from PIL import Image

zxingcpp = pytest.importorskip("zxingcpp")


def _decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("RGB"))]


def test_qr_decodes_to_the_signer_link(client, booked):
    from backend.core.extensions import db
    from backend.models import Participant
    from backend.services.links import signer_link

    for signer in booked.signers:
        res = client.get(f"{booked.screen}/qr/{signer['id']}.png")
        assert res.status_code == 200 and res.mimetype == "image/png"
        link = signer_link(db.session.get(Participant, signer["id"]))
        assert _decode(res.data) == [link]
        assert link.startswith("http://signstage.test/h5/s/")
        assert client.get(f"{booked.screen}/qr/{signer['id']}.png").data == res.data  # cached, identical


def test_qr_only_for_signers_of_this_meeting(client, booked):
    assert client.get(f"{booked.screen}/qr/{booked.c.host['id']}.png").status_code == 404
    assert client.get(f"{booked.screen}/qr/ffffffffffffffff.png").status_code == 404
    assert client.get(f"{booked.screen}/qr/..%2F..%2Fx.png").status_code == 404


def test_mini_program_hook_replaces_the_plain_code(client, booked, monkeypatch):
    from backend.web.screen import qr
    monkeypatch.setattr(qr, "mini_program_png", lambda p: b"\x89PNG-mini-" + p.id.encode())
    res = client.get(f"{booked.screen}/qr/{booked.signers[0]['id']}.png")
    assert res.data == b"\x89PNG-mini-" + booked.signers[0]["id"].encode()
