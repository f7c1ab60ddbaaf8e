"""The screen's view of the audit log: which events a shared screen may see, and how."""
from backend.core.database import read_only
from backend.models import AuditEvent
from backend.web.screen.state import marks_from_event, urls

# Participant steps the screen may show; attempts, codes and reasons stay private.
PARTICIPANT_KINDS = {"scene_opened", "verified", "documents_viewed", "declined", "signature_applied"}
MEETING_KINDS = {"completed": "completed", "meeting_cancelled": "cancelled", "layout_saved": "layout_saved",
                 "meeting_updated": "meeting_updated"}
# What the host's own screen also sees: that a check failed on a scene (never by whom or why), and resets.
HOST_KINDS = {"verification_failed", "limits_reset"}
BATCH = 200


def public_event(event: AuditEvent, token: str, *, host: bool = False) -> dict | None:
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
    """Events after after_id, oldest first, in public form; read_only ends the transaction before the next poll.

    Ids are safe cursors within one meeting: record() holds the meeting's row lock until commit,
    so a meeting's events commit in id order and none can appear behind the cursor.
    """
    rows = (AuditEvent.query.filter(AuditEvent.meeting_id == meeting_id, AuditEvent.id > after_id)
            .order_by(AuditEvent.id).limit(BATCH).all())
    return [(row.id, public_event(row, token, host=host)) for row in rows]
