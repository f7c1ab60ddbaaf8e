"""Which audit events become webhooks, what their bodies say, and queueing them in the event's own transaction.

services/audit.record calls on_audit_event for every event it appends: a delivery row is written in
the same transaction as the event, so a committed event never lacks its deliveries and a rolled-back
one sends nothing. Subscribers are the organizing enterprise and every enterprise taking part, from
booking on (a draft is nobody else's business yet). A rehearsal tells nobody: it makes no contract, and a
receiver that starts a project on `meeting.completed` must never see one.
"""
import json

from flask import current_app
from sqlalchemy import or_, select

from backend.core.extensions import db
from backend.lib.identity import person_name
from backend.lib.webhooks.signing import new_message_id
from backend.models import Document, Meeting, Participant, Webhook, WebhookDelivery
from backend.models.base import utcnow

EVENT_TYPES = ("meeting.booked", "meeting.changed", "meeting.cancelled", "participant.verified", "participant.signed",
               "participant.declined", "meeting.completed", "webhook.test")
# The one mapping of audit kinds to webhook types.
FROM_AUDIT = {
    "meeting_booked": "meeting.booked",
    "meeting_updated": "meeting.changed",
    "participant_added": "meeting.changed",
    "participant_updated": "meeting.changed",
    "participant_removed": "meeting.changed",
    "meeting_cancelled": "meeting.cancelled",
    "verified": "participant.verified",
    "signed": "participant.signed",
    "declined": "participant.declined",
    "completed": "meeting.completed",
}


def body(event_type: str, at, data: dict) -> str:
    """The delivery's JSON body, as Standard Webhooks has it: type, timestamp, data."""
    return json.dumps({"type": event_type, "timestamp": at.isoformat(), "data": data}, ensure_ascii=False,
                      separators=(",", ":"))


def queue(hook: Webhook, event_type: str, payload: str, meeting_id: str | None = None) -> WebhookDelivery:
    """Add one delivery in the current transaction (the worker sends it after commit)."""
    delivery = WebhookDelivery(webhook_id=hook.id, message_id=new_message_id(), event_type=event_type,
                               meeting_id=meeting_id, payload=payload, next_attempt_at=utcnow())
    db.session.add(delivery)
    return delivery


def on_audit_event(meeting_id: str, kind: str, data: dict, at) -> int:
    """Queue the deliveries an audit event causes; how many."""
    event_type = FROM_AUDIT.get(kind)
    if event_type is None:
        return 0
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.booked_at is None or meeting.rehearsal:
        return 0
    takes_part = select(Participant.enterprise_id).where(Participant.meeting_id == meeting_id)
    hooks = [h for h in Webhook.query.filter(Webhook.deleted_at.is_(None),
                                             or_(Webhook.enterprise_id == meeting.enterprise_id,
                                                 Webhook.enterprise_id.in_(takes_part)))
             if event_type in h.events]
    if not hooks:
        return 0
    payload = body(event_type, at, _data(event_type, kind, meeting, data, at))
    for hook in hooks:
        queue(hook, event_type, payload, meeting_id)
    return len(hooks)


def _meeting(meeting: Meeting, status: str | None = None) -> dict:
    return {"meeting_id": meeting.id, "name": meeting.name, "starts_at": meeting.starts_at.isoformat(),
            "ends_at": meeting.ends_at.isoformat(), "status": status or meeting.status}


def _participant(meeting: Meeting, participant_id: str | None) -> dict:
    p = db.session.get(Participant, participant_id) if participant_id else None
    if p is None:
        return {"meeting_id": meeting.id, "participant_id": participant_id}
    return {"meeting_id": meeting.id, "meeting_name": meeting.name, "participant_id": p.id, "role": p.role,
            "name_masked": person_name.mask(p.name), "enterprise_id": p.enterprise_id,
            "enterprise_name": p.enterprise_name}


def _data(event_type: str, kind: str, meeting: Meeting, data: dict, at) -> dict:
    if event_type == "meeting.completed":
        return completed_data(meeting, data.get("documents", []), at)
    if event_type.startswith("participant."):
        out = _participant(meeting, data.get("participant_id"))
        if kind == "declined":
            out["reason"] = data.get("reason")
        return out
    out = _meeting(meeting)
    if event_type == "meeting.changed":
        out["change"] = kind
        if data.get("participant_id"):
            out["participant_id"] = data["participant_id"]
    return out


def completed_data(meeting: Meeting, sealed: list[dict], at) -> dict:
    """meeting.completed: each signed file's hash and the API paths an API key holder GETs them from."""
    base, mid = current_app.config["PUBLIC_BASE_URL"], meeting.id
    finals = {d.get("id"): d.get("final_sha256") for d in sealed}
    documents = [{"document_id": d.id, "filename": d.filename, "sha256": d.sha256, "final_sha256": finals.get(d.id),
                  "signed_pdf_url": f"{base}/api/contracts/{mid}/pdf?document={d.id}"}
                 for d in Document.query.filter_by(meeting_id=mid).order_by(Document.position, Document.id)]
    return {**_meeting(meeting, "completed"), "completed_at": at.isoformat(), "documents": documents,
            "contract_url": f"{base}/api/contracts/{mid}", "audit_url": f"{base}/api/contracts/{mid}/audit",
            "audit_pdf_url": f"{base}/api/contracts/{mid}/audit.pdf",
            "evidence_url": f"{base}/api/contracts/{mid}/evidence.zip"}
