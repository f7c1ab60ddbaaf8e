"""The screen's view of the audit log: which events a shared screen may see, and how."""
from backend.core.database import read_only
from backend.core.extensions import db
from backend.core.live.feeds import Row
from backend.core.live.stream import format_event
from backend.models import AuditEvent
from backend.web.screen.state import marks_from_event, urls

# Participant steps the screen may show; attempts, codes and reasons stay private.
PARTICIPANT_KINDS = {"scene_opened", "verified", "documents_viewed", "signing_started", "declined", "reopened",
                     "signature_applied"}
MEETING_KINDS = {"completed": "completed", "meeting_cancelled": "cancelled", "layout_saved": "layout_saved",
                 "meeting_updated": "meeting_updated", "rehearsal_reset": "rehearsal_reset"}
# What the host's own screen also sees: that a check failed on a scene (never by whom or why), and resets.
HOST_KINDS = {"verification_failed", "limits_reset"}
BATCH = 200


def public_event(event: AuditEvent | Row, token: str, *, host: bool = False) -> dict | None:
    """The public form of an audit event, or None when the screen must not see it."""
    data = event.data or {}
    at = event.created_at.isoformat() if event.created_at else None
    if host and event.kind in HOST_KINDS:
        return {"kind": event.kind, "participant_id": data.get("participant_id"), "at": at}
    if event.kind == "signed":
        pid = data.get("participant_id")
        u = urls(token)
        marks = marks_from_event(pid, data, u)
        return {"kind": "signed", "participant_id": pid, "at": at, "marks": marks,
                "seal_urls": sorted({m["image_url"] for m in marks if m["kind"] == "seal" and m["image_url"]}),
                "handwriting_url": u.handwriting(pid)}
    if event.kind in PARTICIPANT_KINDS:
        out = {"kind": event.kind, "participant_id": data.get("participant_id"), "at": at}
        if event.kind == "signature_applied":
            out["document_id"] = data.get("document_id")
        return out
    if event.kind in MEETING_KINDS:
        return {"kind": MEETING_KINDS[event.kind], "at": at}
    return None


@read_only
def fetch(meeting_id: str, token: str, after_id: int, host: bool = False) -> list[tuple[int, dict | None]]:
    """One batch of events after after_id, oldest first, in public form (the thread-per-stream server's feed).

    read_only ends the transaction before the next poll.
    """
    rows = (AuditEvent.query.filter(AuditEvent.meeting_id == meeting_id, AuditEvent.id > after_id)
            .order_by(AuditEvent.id).limit(BATCH).all())
    return [(row.id, public_event(row, token, host=host)) for row in rows]


@read_only
def rows_after(meeting_id: str, after_id: int, upto_id: int | None = None) -> list[Row]:
    """Every event of the meeting after after_id (up to upto_id), oldest first, detached from the session."""
    rows: list[Row] = []
    while True:
        query = db.session.query(AuditEvent.id, AuditEvent.kind, AuditEvent.data, AuditEvent.created_at).filter(
            AuditEvent.meeting_id == meeting_id, AuditEvent.id > after_id)
        if upto_id is not None:
            query = query.filter(AuditEvent.id <= upto_id)
        batch = query.order_by(AuditEvent.id).limit(BATCH).all()
        rows.extend(Row(r.id, r.kind, r.data or {}, r.created_at) for r in batch)
        if len(batch) < BATCH:
            return rows
        after_id = batch[-1].id


def shown(row: Row, token: str, host: bool) -> str:
    """The SSE text one audience is sent for a row ("" for what it must not see), worked out once per audience."""
    key = (token, host)
    text = row.shown.get(key)
    if text is None:
        payload = public_event(row, token, host=host)
        text = row.shown[key] = format_event(row.id, payload) if payload is not None else ""
    return text
