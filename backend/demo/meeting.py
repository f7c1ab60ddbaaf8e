"""The demo ceremony: a booked meeting that is open for signing now, with links to print."""
import io
from datetime import timedelta

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from backend.core.extensions import db
from backend.lib.imaging.fonts import cjk_font_path
from backend.models import Meeting
from backend.models.base import utcnow
from backend.models.meeting import OPEN_STATUSES
from backend.services import booking, documents, links, meetings, participants

NAME = "星河 × 远航 战略合作签约仪式"

CLAUSES = [
    "第一条  合作宗旨：双方本着平等互利、优势互补的原则，建立长期战略合作伙伴关系。",
    "第二条  合作内容：双方在技术研发、市场推广与供应链协同等领域开展深度合作。",
    "第三条  合作期限：本协议自双方签署之日起生效，有效期三年。",
    "第四条  保密义务：双方对合作中知悉的对方商业秘密负有保密义务。",
    "第五条  争议解决：因本协议引起的争议，双方应友好协商解决。",
]


def contract_pdf(party_a: str, party_b: str) -> bytes:
    """A two-page Chinese contract with an embedded font, signature blocks on page 2."""
    font = "SignstageCJK"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, cjk_font_path(), subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    c.setFont(font, 22)
    c.drawCentredString(width / 2, height - 90, "战略合作协议")
    c.setFont(font, 12)
    c.drawString(72, height - 140, f"甲方：{party_a}")
    c.drawString(72, height - 162, f"乙方：{party_b}")
    for i, clause in enumerate(CLAUSES):
        c.drawString(72, height - 210 - i * 30, clause)
    c.showPage()
    c.setFont(font, 12)
    c.drawString(72, height - 90, "（以下无正文，为签署页）")
    for col, party in ((72, party_a), (320, party_b)):
        c.drawString(col, 330, f"{'甲' if col == 72 else '乙'}方：{party}")
        c.drawString(col, 300, "盖章：")
        c.drawString(col, 190, "签字：")
        c.drawString(col, 130, "日期：")
    c.showPage()
    c.save()
    return buf.getvalue()


def _controls(signer, column: float) -> list[dict]:
    # Beside the 盖章 / 签字 / 日期 labels drawn by contract_pdf(); a square seal on an A4 page.
    return [{"page": 2, "x": column, "y": 0.6, "w": 0.17, "h": 0.12, "kind": "seal", "participant_id": signer.id},
            {"page": 2, "x": column, "y": 0.735, "w": 0.22, "h": 0.055, "kind": "signature", "participant_id": signer.id},
            {"page": 2, "x": column, "y": 0.82, "w": 0.2, "h": 0.035, "kind": "date", "participant_id": signer.id}]


def _open_demo() -> Meeting | None:
    for meeting in Meeting.query.filter(Meeting.name == NAME, Meeting.status.in_(OPEN_STATUSES)).all():
        if meeting.signing_open and meeting.ends_at - utcnow() > timedelta(minutes=30):
            return meeting
    return None


def seed_meeting(app, data: dict) -> list[str]:
    """Book (once while one is open) the demo meeting and return the lines to print."""
    meeting = _open_demo()
    (a, b) = data["enterprises"]
    if meeting is None:
        organizer = a["organizer"]
        now = utcnow()
        meeting = meetings.create_meeting(organizer, NAME, now + timedelta(minutes=10), now + timedelta(hours=8))
        host_emp, host_id, host_phone = a["staff"][1]
        participants.add_participant(organizer, meeting.id, {"role": "host", "name": host_emp.name,
                                                             "id_number": host_id, "phone": host_phone})
        signers = []
        for item in (a, b):
            emp, id_number, phone = item["staff"][0]
            signers.append(participants.add_participant(organizer, meeting.id, {
                "role": "signer", "name": emp.name, "id_number": id_number, "phone": phone,
                "enterprise_name": item["enterprise"].name}))
        doc = documents.upload_document(organizer, meeting.id, "战略合作协议.pdf",
                                        contract_pdf(a["enterprise"].name, b["enterprise"].name))
        documents.replace_controls(organizer, doc.id, _controls(signers[0], 0.21) + _controls(signers[1], 0.63))
        booking.book(organizer, meeting.id)
        db.session.refresh(meeting)
    lines = ["", f"Demo ceremony: {meeting.name} (signing is open now)",
             f"  Big screen (result page): {links.result_url(meeting)}",
             f"  Host link (rearrange seats, show/hide QR codes): {links.host_url(meeting)}"]
    staff = {emp.id: (id_number, phone) for item in data["enterprises"] for emp, id_number, phone in item["staff"]}
    for p in meeting.participants:
        if p.role == "signer":
            id_number, phone = staff.get(p.employee_id, ("", ""))
            lines.append(f"  Signer {p.name} ({p.enterprise_name}): {links.signer_link(p)}")
            lines.append(f"      verify with name {p.name}, ID {id_number}; the SMS code is printed in this console")
    lines.append("Open the big screen in one window and each signer link in a phone-sized window, then sign.")
    return lines
