"""The messages a meeting sends its participants: booked, changed, cancelled, reminded."""
from datetime import datetime, timedelta

from backend.core.resources import cipher
from backend.lib.identity.mobile import normalize as normalize_phone
from backend.lib.sms.templates import video_kind
from backend.models import Meeting, Participant
from backend.models.base import utcnow
from backend.services import outbox
from backend.services.links import host_url, signer_link

SHANGHAI_OFFSET = timedelta(hours=8)
# Every meeting notice's text starts with a variable (the person's name, or the inviting enterprise): a
# rehearsal's notices carry the mark there, through the kinds and provider templates a meeting already has.
REHEARSAL_MARK = "【彩排】"


def sms_time(moment: datetime, same_day_as: datetime | None = None) -> str:
    """A time short enough for an SMS variable (12 characters): 11月25日 14:00, or 15:00 on the same day."""
    local = moment + SHANGHAI_OFFSET
    if same_day_as is not None and (same_day_as + SHANGHAI_OFFSET).date() == local.date():
        return local.strftime("%H:%M")
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def marked(meeting: Meeting, first: str) -> str:
    """A notice's first variable, prefixed 【彩排】 when the meeting is a rehearsal."""
    return f"{REHEARSAL_MARK}{first}" if meeting.rehearsal else first


def notify_participant(meeting: Meeting, participant: Participant, template: str, **extra) -> None:
    """Queue an SMS to a participant about this meeting; it carries the video link when the meeting has one."""
    params = {"name": marked(meeting, participant.name), "meeting": meeting.name, "starts": sms_time(meeting.starts_at),
              "ends": sms_time(meeting.ends_at, meeting.starts_at), "enterprise": participant.enterprise_name, **extra}
    kind = video_kind(template, bool(meeting.video_url))
    if kind != template:
        params["video"] = meeting.video_url
    outbox.enqueue(normalize_phone(cipher().decrypt(participant.phone_enc)), kind, params,
                   meeting_id=meeting.id, participant_id=participant.id)


def personal_link(meeting: Meeting, participant: Participant) -> dict:
    """The link a role's notices carry: a signer's signing page, a host's big screen with host controls."""
    if participant.role == "signer" and participant.scene_token:
        return {"link": signer_link(participant)}
    if participant.role == "host" and meeting.host_token:
        return {"link": host_url(meeting)}
    return {}


def notify_booked(meeting: Meeting, participant: Participant) -> None:
    """Queue the role's booking message for one participant; from then on they count as notified."""
    notify_participant(meeting, participant, f"meeting_{participant.role}", **personal_link(meeting, participant))
    participant.notified_at = participant.notified_at or utcnow()
