"""The names contracts download under, in the request's language: <原文件名>（已签署）.pdf and
<会议名称>（审计报告）.pdf in Chinese, "<file> (signed).pdf" and "<meeting> (audit trail).pdf" in English."""
from flask_babel import gettext as _

from backend.core.text import CONTROL
from backend.models import Document, Meeting


def _safe(name: str) -> str:
    # A name inside a ZIP or a Content-Disposition: no folders, no control characters.
    cleaned = CONTROL.sub("", name).replace("/", "_").replace("\\", "_").strip().lstrip(".")
    return cleaned or "contract"


def signed_name(doc: Document) -> str:
    """<原文件名>（已签署）.pdf for the final revision; （未完成） before the contract is sealed."""
    stem = doc.filename[:-4] if doc.filename.lower().endswith(".pdf") else doc.filename
    name = _("%(name)s（已签署）", name=stem) if doc.final_sha256 else _("%(name)s（未完成）", name=stem)
    return _safe(f"{name}.pdf")


def original_name(doc: Document) -> str:
    """The uploaded original's name inside an evidence ZIP: its file name, made safe."""
    return _safe(doc.filename)


def audit_pdf_name(meeting: Meeting) -> str:
    """The audit-trail PDF's download name: <会议名称>（审计报告）.pdf."""
    return _safe(_("%(name)s（审计报告）", name=meeting.name) + ".pdf")


def evidence_name(meeting: Meeting) -> str:
    """The ZIP's download name: <会议名称>（签署文件）.zip."""
    return _safe(_("%(name)s（签署文件）", name=meeting.name) + ".zip")


def poster_name(meeting: Meeting, size: str, ext: str) -> str:
    """The poster's download name: <会议名称>（纪念海报·横版）.png, （…·竖版） for portrait."""
    name = (_("%(name)s（纪念海报·竖版）", name=meeting.name) if size == "portrait"
            else _("%(name)s（纪念海报·横版）", name=meeting.name))
    return _safe(f"{name}.{ext}")


def audit_trail_entries() -> tuple[str, str]:
    """The names of the audit trail's PDF and JSON inside an evidence ZIP."""
    return _("审计报告") + ".pdf", _("审计记录") + ".json"
