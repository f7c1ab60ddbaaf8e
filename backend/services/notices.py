"""The messages a meeting sends its participants: booked, changed, cancelled."""
from datetime import datetime, timedelta

from backend.core.resources import cipher
from backend.lib.identity.mobile import normalize as normalize_phone
from backend.models import Meeting, Participant
from backend.models.base import utcnow
from backend.services import outbox
from backend.services.links import signer_link

SHANGHAI_OFFSET = timedelta(hours=8)


def shanghai(moment: datetime) -> str:
    """A time as people in China read it: 2026-11-25 14:00."""
    return (moment + SHANGHAI_OFFSET).strftime("%Y-%m-%d %H:%M")


def notify_participant(meeting: Meeting, participant: Participant, template: str, **extra) -> None:
    """Queue an SMS to a participant about this meeting."""
    params = {"name": participant.name, "meeting": meeting.name, "starts": shanghai(meeting.starts_at),
              "ends": shanghai(meeting.ends_at), "enterprise": participant.enterprise_name, **extra}
    outbox.enqueue(normalize_phone(cipher().decrypt(participant.phone_enc)), template, params,
                   meeting_id=meeting.id, participant_id=participant.id)


def notify_booked(meeting: Meeting, participant: Participant) -> None:
    """Queue the role's booking message for one participant; from then on they count as notified."""
    extra = {"link": signer_link(participant)} if participant.role == "signer" else {}
    notify_participant(meeting, participant, f"meeting_{participant.role}", **extra)
    participant.notified_at = participant.notified_at or utcnow()
