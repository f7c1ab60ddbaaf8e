"""The messages a meeting sends its participants: booked, changed, cancelled."""
from datetime import datetime, timedelta

from backend.core.resources import cipher
from backend.lib.identity.mobile import normalize as normalize_phone
from backend.models import Meeting, Participant
from backend.models.base import utcnow
from backend.services import outbox
from backend.services.links import signer_link

SHANGHAI_OFFSET = timedelta(hours=8)


def sms_time(moment: datetime, same_day_as: datetime | None = None) -> str:
    """A time short enough for an SMS variable (12 characters): 11月25日 14:00, or 15:00 on the same day."""
    local = moment + SHANGHAI_OFFSET
    if same_day_as is not None and (same_day_as + SHANGHAI_OFFSET).date() == local.date():
        return local.strftime("%H:%M")
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def notify_participant(meeting: Meeting, participant: Participant, template: str, **extra) -> None:
    """Queue an SMS to a participant about this meeting."""
    params = {"name": participant.name, "meeting": meeting.name, "starts": sms_time(meeting.starts_at),
              "ends": sms_time(meeting.ends_at, meeting.starts_at), "enterprise": participant.enterprise_name, **extra}
    outbox.enqueue(normalize_phone(cipher().decrypt(participant.phone_enc)), template, params,
                   meeting_id=meeting.id, participant_id=participant.id)


def notify_booked(meeting: Meeting, participant: Participant) -> None:
    """Queue the role's booking message for one participant; from then on they count as notified."""
    extra = {"link": signer_link(participant)} if participant.role == "signer" else {}
    notify_participant(meeting, participant, f"meeting_{participant.role}", **extra)
    participant.notified_at = participant.notified_at or utcnow()
