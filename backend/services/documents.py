"""Contract files of a meeting and the controls placed on them (their page images: page_images)."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from backend.core.errors import NotFound, TooLarge, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import files
from backend.lib.pdf.content import inspect_upload
from backend.lib.pdf.errors import PdfError
from backend.lib.pdf.inspect import check_bytes
from backend.models import AdminUser, Control, Document
from backend.services import audit
from backend.services.enterprises import require_signing_approved
from backend.services.library_errors import translated
from backend.services.meetings import get_meeting, require_draft
from backend.services.pdf_work import run_budgeted

MIN_CONTROL_SIZE = 0.02
KINDS = ("seal", "signature", "date")
DOCUMENTS_FROZEN = _l("文件已预约，不能再修改")



def pdf_error(exc: PdfError, field: str = "file"):
    """Turn a PDF engine error into the web's error, naming the field."""
    cls = TooLarge if exc.code == "pdf_too_large" else ValidationFailed
    message = translated(exc)

    reason = getattr(exc, "reason", None)  # which active content, for clients that explain it
    return cls(message, code=exc.code, fields={field: [message]}, extra={"reason": reason} if reason else None)


def upload_document(actor: AdminUser, meeting_id: str, filename: str, data: bytes) -> Document:
    """Validate a PDF with the PDF engine (in a budgeted child process; active content refused) and store it untouched."""
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    require_draft(meeting, DOCUMENTS_FROZEN)
    cfg = current_app.config
    try:
        check_bytes(data, max_bytes=cfg["PDF_MAX_BYTES"])  # refused before a child is started
        info = run_budgeted(inspect_upload, data, max_bytes=cfg["PDF_MAX_BYTES"], max_pages=cfg["PDF_MAX_PAGES"])
    except PdfError as exc:
        raise pdf_error(exc) from None
    name = (filename or "contract.pdf").replace("\\", "/").rsplit("/", 1)[-1][:200] or "contract.pdf"
    doc = Document(meeting_id=meeting.id, position=len(meeting.documents), filename=name, sha256=info.sha256,
                   page_count=info.page_count,
                   pages=[{"width": round(p.width, 2), "height": round(p.height, 2)} for p in info.pages],
                   original_key=files().put(data, prefix="originals", suffix=".pdf"))
    db.session.add(doc)
    db.session.flush()
    audit.record(meeting.id, "document_added", {"document_id": doc.id, "filename": doc.filename,
                                                "sha256": doc.sha256}, actor=actor.username)
    db.session.commit()
    return doc


def get_document(actor: AdminUser, document_id: str) -> Document:
    """A document of one of the actor's enterprise's meetings."""
    doc = db.session.get(Document, document_id)
    if not doc:
        raise NotFound(_l("文件不存在"))
    get_meeting(actor, doc.meeting_id)
    return doc


def remove_document(actor: AdminUser, meeting_id: str, document_id: str) -> None:
    """Remove a document (and its controls) while draft."""
    meeting = get_meeting(actor, meeting_id)
    doc = get_document(actor, document_id)
    if doc.meeting_id != meeting.id:
        raise NotFound(_l("文件不存在"))
    require_draft(meeting, DOCUMENTS_FROZEN)
    db.session.delete(doc)
    audit.record(meeting.id, "document_removed", {"document_id": document_id}, actor=actor.username)
    db.session.commit()


def replace_controls(actor: AdminUser, document_id: str, items: list[dict]) -> list[Control]:
    """Replace all of a document's controls at once, or none when any is wrong."""
    require_signing_approved(actor)
    doc = get_document(actor, document_id)
    require_draft(doc.meeting, DOCUMENTS_FROZEN)
    signers = {p.id for p in doc.meeting.participants if p.role == "signer"}
    errors = {}
    for i, item in enumerate(items):
        problems = []
        if not 1 <= item["page"] <= doc.page_count:
            problems.append(_l("第%(page)s页不存在", page=item["page"]))

        if item["kind"] not in KINDS:
            problems.append(_l("控件类型应为 seal / signature / date"))
        x, y, w, h = item["x"], item["y"], item["w"], item["h"]
        if w < MIN_CONTROL_SIZE or h < MIN_CONTROL_SIZE:
            problems.append(_l("控件太小"))
        if x < 0 or y < 0 or x + w > 1.0001 or y + h > 1.0001:
            problems.append(_l("控件超出页面"))
        if item["participant_id"] not in signers:
            problems.append(_l("控件只能分配给本会议的签署人"))
        if problems:
            errors[str(i)] = problems
    if errors:
        raise ValidationFailed(_l("控件有误"), fields=errors)
    for control in list(doc.controls):
        db.session.delete(control)
    db.session.flush()
    doc.controls = [Control(position=i, page=item["page"], x=item["x"], y=item["y"], w=min(item["w"], 1 - item["x"]),
                            h=min(item["h"], 1 - item["y"]), kind=item["kind"], participant_id=item["participant_id"])
                    for i, item in enumerate(items)]
    audit.record(doc.meeting_id, "controls_saved", {"document_id": doc.id, "count": len(items)}, actor=actor.username)
    db.session.commit()
    return doc.controls
