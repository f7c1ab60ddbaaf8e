"""The names contracts download under: <原文件名>（已签署）.pdf and <会议名称>（审计报告）.pdf."""
from backend.core.text import CONTROL
from backend.models import Document, Meeting

SIGNED, UNFINISHED = "（已签署）", "（未完成）"


def _safe(name: str) -> str:
    # A name inside a ZIP or a Content-Disposition: no folders, no control characters.
    cleaned = CONTROL.sub("", name).replace("/", "_").replace("\\", "_").strip().lstrip(".")
    return cleaned or "contract"


def signed_name(doc: Document) -> str:
    """<原文件名>（已签署）.pdf for the final revision; （未完成） before the contract is sealed."""
    stem = doc.filename[:-4] if doc.filename.lower().endswith(".pdf") else doc.filename
    return _safe(f"{stem}{SIGNED if doc.final_sha256 else UNFINISHED}.pdf")


def original_name(doc: Document) -> str:
    """The uploaded original's name inside an evidence ZIP: its file name, made safe."""
    return _safe(doc.filename)


def audit_pdf_name(meeting: Meeting) -> str:
    """The audit-trail PDF's download name: <会议名称>（审计报告）.pdf."""
    return _safe(f"{meeting.name}（审计报告）.pdf")


def evidence_name(meeting: Meeting) -> str:
    """The ZIP's download name: <会议名称>（签署文件）.zip."""
    return _safe(f"{meeting.name}（签署文件）.zip")


def poster_name(meeting: Meeting, size: str, ext: str) -> str:
    """The poster's download name: <会议名称>（纪念海报·横版）.png, （…·竖版） for portrait."""
    shape = "竖版" if size == "portrait" else "横版"
    return _safe(f"{meeting.name}（纪念海报·{shape}）.{ext}")
