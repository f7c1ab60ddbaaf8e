"""The messages a meeting sends its participants: booked, changed, cancelled, reminded; each in their language."""
from datetime import datetime, timedelta

from babel.dates import format_datetime

from backend.core.languages import DEFAULT_LANGUAGE, LOCALES
from backend.core.resources import cipher
from backend.lib.identity.mobile import normalize as normalize_phone
from backend.lib.sms.templates import REHEARSAL_MARKS, video_kind
from backend.models import Meeting, Participant
from backend.models.base import utcnow
from backend.services import outbox
from backend.services.links import host_url, signer_link

SHANGHAI_OFFSET = timedelta(hours=8)
# Within Tencent's 12 characters per variable; the templates' fixed text says the zone (北京时间, Beijing time).
SMS_TIME_PATTERNS = {"zh": "M月d日 HH:mm", "en": "MMM d HH:mm"}  # i18n: data (Babel date patterns, one per locale)


def sms_time(moment: datetime, same_day_as: datetime | None = None, language: str = DEFAULT_LANGUAGE) -> str:
    """A time short enough for an SMS variable: 11月25日 14:00 / Nov 25 14:00, or 15:00 on the same day."""
    local = moment + SHANGHAI_OFFSET
    if same_day_as is not None and (same_day_as + SHANGHAI_OFFSET).date() == local.date():
        return local.strftime("%H:%M")
    language = language if language in SMS_TIME_PATTERNS else DEFAULT_LANGUAGE
    return format_datetime(local, SMS_TIME_PATTERNS[language], locale=LOCALES[language])


def marked(meeting: Meeting, first: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A notice's first variable, prefixed 【彩排】 ([Rehearsal]) when the meeting is a rehearsal.

    Every meeting notice's text starts with a variable (the person's name, or the inviting enterprise): a
    rehearsal's notices carry the mark there, through the kinds and provider templates a meeting already has.
    """
    return f"{REHEARSAL_MARKS.get(language, REHEARSAL_MARKS[DEFAULT_LANGUAGE])}{first}" if meeting.rehearsal else first


def notify_participant(meeting: Meeting, participant: Participant, template: str, **extra) -> None:
    """Queue an SMS to a participant about this meeting in their language; with the video link when there is one."""
    language = participant.language
    params = {"name": marked(meeting, participant.name, language), "meeting": meeting.name,
              "starts": sms_time(meeting.starts_at, language=language),
              "ends": sms_time(meeting.ends_at, meeting.starts_at, language),
              "enterprise": participant.enterprise_name, **extra}
    kind = video_kind(template, bool(meeting.video_url))
    if kind != template:
        params["video"] = meeting.video_url
    outbox.enqueue(normalize_phone(cipher().decrypt(participant.phone_enc)), kind, params, language=language,
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
