"""Helpers for screen tests: book an open meeting, and sign directly through the models."""
import base64
import io
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from tests.support import add_document_with_controls, make_pdf


@dataclass
class Booked:
    """A booked meeting as the tests see it."""

    c: object
    meeting_id: str
    result_token: str
    host_token: str
    document: dict
    signers: list = field(default_factory=list)

    @property
    def screen(self) -> str:
        return f"/screen/{self.result_token}"


def book_open_meeting(c) -> Booked:
    """Upload a contract, place controls, book; return the tokens."""
    doc = add_document_with_controls(c, make_pdf(2))
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 200, res.get_json()
    from backend.core.extensions import db
    from backend.models import Meeting
    meeting = db.session.get(Meeting, c.meeting["id"])
    booked = Booked(c=c, meeting_id=meeting.id, result_token=meeting.result_token, host_token=meeting.host_token,
                    document=doc, signers=c.signers)
    db.session.rollback()  # end the read: on SQLite an open transaction blocks a live server's writers
    return booked


def handwriting_png() -> bytes:
    """A small transparent PNG with a stroke of ink."""
    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(20, 80), (120, 30), (200, 90), (280, 40)], fill=(0, 0, 0, 255), width=6)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def handwriting_b64() -> str:
    return base64.b64encode(handwriting_png()).decode()


def sign_directly(participant_id: str) -> None:
    """Record a signature the way the signing service does (values + `signed` event, one commit)."""
    from backend.core.extensions import db
    from backend.core.resources import files
    from backend.models import Control, Participant, SignatureRecord
    from backend.models.base import utcnow
    from backend.services import audit
    from backend.services.seals import usable_seals

    p = db.session.get(Participant, participant_id)
    controls = Control.query.filter_by(participant_id=p.id).all()
    seal = [s for s in usable_seals(p.employee_id) if s.enterprise_id == p.enterprise_id][0]
    choices = {c.id: seal.id for c in controls if c.kind == "seal"}
    key = files().put(handwriting_png(), prefix="handwriting", suffix=".png")
    db.session.add(SignatureRecord(meeting_id=p.meeting_id, participant_id=p.id, handwriting_key=key,
                                   seal_choices=choices, date_text="2026年11月25日", channel="h5",
                                   verification_method="sms"))
    p.signed_at = utcnow()
    marks = [{"control_id": c.id, "document_id": c.document_id, "kind": c.kind, "page": c.page, "x": c.x,
              "y": c.y, "w": c.w, "h": c.h, "seal_id": choices.get(c.id)} for c in controls]
    audit.record(p.meeting_id, "signed", {"participant_id": p.id, "channel": "h5", "date_text": "2026年11月25日",
                                         "marks": marks}, channel="h5")
    db.session.commit()


def _png(size, draw) -> bytes:
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    draw(ImageDraw.Draw(img), img)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def decorate(booked, name: str | None = None) -> None:
    """Give the stage what an organizer would: a background, a logo per enterprise, maybe a long name."""
    c = booked.c
    mid = booked.meeting_id

    def upload(kind, data):
        res = c.api.post(f"/api/meetings/{mid}/layout/{kind}", data={"image": (io.BytesIO(data), f"{kind}.png")},
                         content_type="multipart/form-data")
        assert res.status_code == 201, res.get_json()
        return res.get_json()["key"]

    def background(d, img):
        for y in range(img.height):
            d.line([(0, y), (img.width, y)], fill=(40 + y * 60 // img.height, 20, 60 + y * 40 // img.height, 255))
        for i in range(12):
            d.ellipse([i * 170 - 60, 700 - i * 40, i * 170 + 140, 900 - i * 40], outline=(200, 170, 90, 120), width=3)

    def logo(color):
        return lambda d, img: (d.rounded_rectangle([4, 4, 356, 116], 24, fill=color),
                               d.ellipse([24, 24, 96, 96], fill=(255, 255, 255, 255)),
                               d.rectangle([120, 46, 330, 74], fill=(255, 255, 255, 230)))

    layout = {"background": upload("background", _png((1920, 1080), background)),
              "logos": {c.org.id: upload("logo", _png((360, 120), logo((20, 90, 170, 255)))),
                        c.other.id: upload("logo", _png((360, 120), logo((0, 130, 80, 255))))}}
    assert c.api.put(f"/api/meetings/{mid}/layout", json=layout).status_code == 200
    if name:
        res = c.api.patch(f"/api/meetings/{mid}", json={"name": name})
        assert res.status_code == 200, res.get_json()
