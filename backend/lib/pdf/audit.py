"""The audit trail of a signing meeting, as plain values and as a Chinese PDF."""

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from backend.lib.identity import mobile, resident_id
from backend.lib.pdf.watermark import FONT, draw_watermark, register_cjk_font

CHINA_TZ = ZoneInfo("Asia/Shanghai")
REHEARSAL_TITLE = "签署审计记录（彩排）"
REHEARSAL_NOTE = "彩排 — 无法律效力：本次签约为彩排，所签文件不是合同，由平台彩排证书签名。"


@dataclass(frozen=True)
class AuditParticipant:
    """A participant; ID and phone are shown masked (full numbers are masked again here)."""

    name: str
    role: str  # 主持人 / 签署人 / 观察员, or host / signer / observer
    enterprise: str
    id_number_masked: str = ""
    phone_masked: str = ""
    status: str = ""  # as people read it (已签署), from the app's one table of labels


@dataclass(frozen=True)
class AuditEntry:
    """One event: when, who, what, from where, through which channel and verification."""

    time: dt.datetime
    actor: str
    action: str
    ip: str = ""
    channel: str = ""
    verification_method: str = ""
    detail: str = ""


@dataclass(frozen=True)
class AuditDocument:
    """A contract file of the meeting with the hashes of its original and final PDFs."""

    name: str
    original_sha256: str
    final_sha256: str
    page_count: int = 0


@dataclass(frozen=True)
class AuditTrail:
    """Everything the audit-trail PDF shows."""

    meeting_name: str
    meeting_id: str
    organizer: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    verify_url: str
    documents: tuple[AuditDocument, ...] = ()
    participants: tuple[AuditParticipant, ...] = ()
    events: tuple[AuditEntry, ...] = ()
    completed_at: dt.datetime | None = None
    generated_at: dt.datetime | None = field(default=None)
    rehearsal: bool = False  # a rehearsal's trail: titled and watermarked 彩排


_ROLE_ZH = {"host": "主持人", "signer": "签署人", "observer": "观察员"}
_ID_RE = re.compile(r"^\d{6}(\d{8}|\d{6})\d{3}[\dXx]$|^\d{15}$")
_PHONE_RE = re.compile(r"^1\d{10}$")


def mask_id(value: str) -> str:
    """A resident ID number masked as 110101********1234; already-masked values pass through."""
    return resident_id.mask(value) if _ID_RE.match(value or "") else (value or "")


def mask_phone(value: str) -> str:
    """A mainland mobile number masked as 138****5678; already-masked values pass through."""
    return mobile.mask(value) if _PHONE_RE.match(value or "") else (value or "")


def _t(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _qr_png(url: str) -> bytes:
    import qrcode

    out = io.BytesIO()
    qrcode.make(url, border=2).save(out, format="PNG")
    return out.getvalue()


def build_audit_pdf(trail: AuditTrail) -> bytes:
    """The unsigned audit-trail PDF (A4, Simplified Chinese)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_cjk_font()  # a TrueType font reportlab embeds (subset): readable where no CJK font is installed
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=10)
    h1 = ParagraphStyle("h1", parent=base, fontSize=17, leading=24, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=10, spaceAfter=4)

    def p(text, style=base):
        from xml.sax.saxutils import escape

        return Paragraph(escape(str(text)), style)

    def table(rows, widths, header=True):
        t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")))
        t.setStyle(TableStyle(style))
        return t

    story = [p(REHEARSAL_TITLE if trail.rehearsal else "签署审计记录", h1), p(f"会议：{trail.meeting_name}")]
    if trail.rehearsal:
        story.append(p(REHEARSAL_NOTE))
    summary = [
        [p("会议编号"), p(trail.meeting_id)], [p("发起企业"), p(trail.organizer)],
        [p("开始时间"), p(_t(trail.starts_at))], [p("结束时间"), p(_t(trail.ends_at))],
        [p("完成时间"), p(_t(trail.completed_at))],
        [p("生成时间"), p(_t(trail.generated_at or dt.datetime.now(dt.timezone.utc)))],
        [p("时区"), p("北京时间 (UTC+8)")],
    ]
    qr = Image(io.BytesIO(_qr_png(trail.verify_url)), width=32 * mm, height=32 * mm)
    story.append(Table([[table(summary, [22 * mm, 110 * mm], header=False), qr]],
                       colWidths=[135 * mm, 36 * mm]))
    story.append(p(f"核验地址：{trail.verify_url}", small))

    story.append(p("合同文件", h2))
    rows = [[p("文件"), p("页数"), p("原始文件 SHA-256 / 最终文件 SHA-256")]]
    for d in trail.documents:
        rows.append([p(d.name), p(d.page_count or "—"),
                     [p(f"原始：{d.original_sha256}", small), p(f"最终：{d.final_sha256}", small)]])
    story.append(table(rows, [45 * mm, 12 * mm, 114 * mm]))

    story.append(p("参与人", h2))
    rows = [[p("姓名"), p("角色"), p("企业"), p("证件号"), p("手机号"), p("状态")]]
    for x in trail.participants:
        rows.append([p(x.name), p(_ROLE_ZH.get(x.role, x.role)), p(x.enterprise),
                     p(mask_id(x.id_number_masked), small), p(mask_phone(x.phone_masked), small),
                     p(x.status)])
    story.append(table(rows, [20 * mm, 16 * mm, 48 * mm, 38 * mm, 25 * mm, 24 * mm]))

    story.append(p("事件记录", h2))
    rows = [[p("时间"), p("操作人"), p("事件"), p("IP"), p("渠道"), p("核验方式")]]
    for e in trail.events:
        action = f"{e.action}（{e.detail}）" if e.detail else e.action
        rows.append([p(_t(e.time), small), p(e.actor), p(action), p(e.ip, small), p(e.channel), p(e.verification_method)])
    story.append(table(rows, [27 * mm, 20 * mm, 54 * mm, 24 * mm, 20 * mm, 26 * mm]))
    story.append(Spacer(1, 6 * mm))
    story.append(p("本记录由 Signstage 平台生成并以平台证书签名；任何改动都会使签名失效。"
                   "请在核验页面上传合同与本记录以核对其真实性。", small))

    out = io.BytesIO()
    title = REHEARSAL_TITLE if trail.rehearsal else "签署审计记录"
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"{title} - {trail.meeting_name}", author="Signstage")

    def mark(canvas, document):
        if trail.rehearsal:
            draw_watermark(canvas, *A4)
    doc.build(story, onFirstPage=mark, onLaterPages=mark)
    return out.getvalue()
