"""The audit trail of a signing meeting, as plain values and as a PDF in the meeting's language(s).

The library knows no locale: its words are catalogue msgids (LABELS, Chinese, the source language) that
whoever builds the trail translates, one AuditLanguage per language shown. With two, every heading is
stacked (中文 over English) and values the service joined ("已签署 / Signed") stay as given.
"""

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from backend.lib.errors import N_
from backend.lib.identity import mobile, resident_id
from backend.lib.pdf.watermark import FONT, draw_watermark, register_cjk_font

CHINA_TZ = ZoneInfo("Asia/Shanghai")
SOURCE_LOCALE = "zh_Hans_CN"
# Every word of the trail that is not data; placeholders are named (%(name)s) and filled here.
LABELS = {
    "title": N_("签署审计记录"),
    "title_rehearsal": N_("签署审计记录（彩排）"),
    "rehearsal_note": N_("彩排 — 无法律效力：本次签约为彩排，所签文件不是合同，由平台彩排证书签名。"),
    "watermark": N_("彩排 — 无法律效力"),  # the contract's watermark (watermark.REHEARSAL_TEXT) in the source
    "meeting": N_("会议：%(name)s"),
    "meeting_id": N_("会议编号"),
    "organizer": N_("发起企业"),
    "starts": N_("开始时间"),
    "ends": N_("结束时间"),
    "completed": N_("完成时间"),
    "generated": N_("生成时间"),
    "zone_label": N_("时区"),
    "zone": N_("北京时间 (UTC+8)"),
    "zone_short": N_("北京时间"),
    "verify_url": N_("核验地址：%(url)s"),
    "documents": N_("合同文件"),
    "file": N_("文件"),
    "pages": N_("页数"),
    "hashes": N_("原始文件 SHA-256 / 最终文件 SHA-256"),
    "original": N_("原始：%(sha)s"),
    "final": N_("最终：%(sha)s"),
    "participants": N_("参与人"),
    "name": N_("姓名"),
    "role": N_("角色"),
    "enterprise": N_("企业"),
    "id_number": N_("证件号"),
    "phone": N_("手机号"),
    "status": N_("状态"),
    "events": N_("事件记录"),
    "time": N_("时间（北京时间）"),
    "actor": N_("操作人"),
    "action": N_("事件"),
    "action_detail": N_("%(action)s（%(detail)s）"),
    "channel": N_("渠道"),
    "verification": N_("核验方式"),
    "footer": N_("本记录由 Signstage 平台生成并以平台证书签名；任何改动都会使签名失效。"
                 "请在核验页面上传合同与本记录以核对其真实性。"),
    "role_host": N_("主持人"),
    "role_signer": N_("签署人"),
    "role_observer": N_("观察员"),
}


@dataclass(frozen=True)
class AuditLanguage:
    """One language the trail is written in: its Babel locale (dates) and LABELS translated into it."""

    locale: str = SOURCE_LOCALE
    labels: Mapping[str, str] = field(default_factory=lambda: LABELS)

    def say(self, key: str, **params) -> str:
        """A label in this language, its placeholders filled (a missing translation: the source's)."""
        text = self.labels.get(key) or LABELS[key]
        return text % params if params else text


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
    # Chinese unless told otherwise; two for a bilingual meeting (stacked headings).
    languages: tuple[AuditLanguage, ...] = (AuditLanguage(),)


_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef]")
_ID_RE = re.compile(r"^\d{6}(\d{8}|\d{6})\d{3}[\dXx]$|^\d{15}$")
_PHONE_RE = re.compile(r"^1\d{10}$")


def mask_id(value: str) -> str:
    """A resident ID number masked as 110101********1234; already-masked values pass through."""
    return resident_id.mask(value) if _ID_RE.match(value or "") else (value or "")


def mask_phone(value: str) -> str:
    """A mainland mobile number masked as 138****5678; already-masked values pass through."""
    return mobile.mask(value) if _PHONE_RE.match(value or "") else (value or "")


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


def _t(moment: dt.datetime | None) -> str:
    """An event's time in Beijing time, as digits every language reads alike (the column names the zone)."""
    if moment is None:
        return "—"
    return _aware(moment).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")


def local_time(moment: dt.datetime | None, language: AuditLanguage) -> str:
    """A time as the language writes it, zone named: 2026年11月25日 10:00:00 北京时间 / Nov 25, 2026, 10:00:00 AM Beijing time."""
    if moment is None:
        return "—"
    from babel.dates import format_datetime

    shown = format_datetime(_aware(moment), "medium", tzinfo=CHINA_TZ, locale=language.locale)
    return f"{shown} {language.say('zone_short')}"


def _qr_png(url: str) -> bytes:
    import qrcode

    out = io.BytesIO()
    qrcode.make(url, border=2).save(out, format="PNG")
    return out.getvalue()


def build_audit_pdf(trail: AuditTrail) -> bytes:
    """The unsigned audit-trail PDF (A4) in the trail's languages, one over the other when there are two."""
    from xml.sax.saxutils import escape

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
    languages = trail.languages or (AuditLanguage(),)

    latin = {}

    def p(text, style=base):
        text = str(text)
        if not _CJK.search(text):
            # Text without CJK breaks between words only (wordWrap="CJK" would split "Sch-midt" anywhere).
            style = latin.setdefault(style.name, ParagraphStyle(f"{style.name}-latin", parent=style, wordWrap=None))
        return Paragraph(escape(text), style)

    def said(key, style=base, **params):
        """A label in every language of the trail, stacked: one paragraph each."""
        return [p(lang.say(key, **params), style) for lang in languages]

    def joined(key) -> str:
        return " / ".join(dict.fromkeys(lang.say(key) for lang in languages))

    def table(rows, widths, header=True):
        t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")))
        t.setStyle(TableStyle(style))
        return t

    def when(moment):
        return [p(local_time(moment, lang)) for lang in languages]

    title_key = "title_rehearsal" if trail.rehearsal else "title"
    story = [*said(title_key, h1), *said("meeting", name=trail.meeting_name)]
    if trail.rehearsal:
        story += said("rehearsal_note")
    summary = [
        [said("meeting_id"), p(trail.meeting_id)], [said("organizer"), p(trail.organizer)],
        [said("starts"), when(trail.starts_at)], [said("ends"), when(trail.ends_at)],
        [said("completed"), when(trail.completed_at)],
        [said("generated"), when(trail.generated_at or dt.datetime.now(dt.timezone.utc))],
        [said("zone_label"), said("zone")],
    ]
    qr = Image(io.BytesIO(_qr_png(trail.verify_url)), width=32 * mm, height=32 * mm)
    label_width = 22 * mm if len(languages) == 1 else 30 * mm
    story.append(Table([[table(summary, [label_width, 132 * mm - label_width], header=False), qr]],
                       colWidths=[135 * mm, 36 * mm]))
    story += said("verify_url", small, url=trail.verify_url)

    story += said("documents", h2)
    rows = [[said("file"), said("pages"), said("hashes")]]
    for d in trail.documents:
        rows.append([p(d.name), p(d.page_count or "—"),
                     [p(languages[0].say("original", sha=d.original_sha256), small),
                      p(languages[0].say("final", sha=d.final_sha256), small)]])
    story.append(table(rows, [45 * mm, 14 * mm, 112 * mm]))

    story += said("participants", h2)
    rows = [[said("name"), said("role"), said("enterprise"), said("id_number"), said("phone"), said("status")]]
    for x in trail.participants:
        role = joined(f"role_{x.role}") if f"role_{x.role}" in LABELS else x.role
        rows.append([p(x.name), p(role), p(x.enterprise),
                     p(mask_id(x.id_number_masked), small), p(mask_phone(x.phone_masked), small),
                     p(x.status)])
    story.append(table(rows, [20 * mm, 16 * mm, 48 * mm, 38 * mm, 25 * mm, 24 * mm]))

    story += said("events", h2)
    rows = [[said("time"), said("actor"), said("action"), p("IP"), said("channel"), said("verification")]]
    for e in trail.events:
        action = languages[0].say("action_detail", action=e.action, detail=e.detail) if e.detail else e.action
        rows.append([p(_t(e.time), small), p(e.actor), p(action), p(e.ip, small), p(e.channel), p(e.verification_method)])
    story.append(table(rows, [27 * mm, 20 * mm, 54 * mm, 24 * mm, 20 * mm, 26 * mm]))
    story.append(Spacer(1, 6 * mm))
    story += said("footer", small)

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"{joined(title_key)} - {trail.meeting_name}",
                            author="Signstage")

    def mark(canvas, document):
        if trail.rehearsal:
            draw_watermark(canvas, *A4, text=joined("watermark"))
    doc.build(story, onFirstPage=mark, onLaterPages=mark)
    return out.getvalue()
