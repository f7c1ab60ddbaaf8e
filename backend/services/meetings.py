"""Signing meetings: drafts, times, the video link, status over time, finding and cancelling."""
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.core.extensions import db
from backend.lib import https_url
from backend.models import AdminUser, Meeting
from backend.models.base import utcnow
from backend.services import audit, outbox
from backend.services.enterprises import require_signing_approved
from backend.services.notices import notify_participant

MAX_LENGTH = timedelta(hours=24)


def check_details(name: str, starts_at: datetime, ends_at: datetime, video_url: str | None = None, *,
                  now=None) -> None:
    """Refuse a blank or long name, a start not in the future, a bad length, a video link that is not https."""
    now = now or utcnow()
    fields = {}
    if video_url is not None and (msg := https_url.problem(video_url)):
        fields["video_url"] = [_l(msg)]  # the library's msgid, in the request's language
    name = (name or "").strip()
    if not 1 <= len(name) <= 60:
        fields["name"] = [_l("会议名称应为1–60个字符")]
    if starts_at <= now:
        fields["starts_at"] = [_l("开始时间必须晚于现在")]
    if ends_at <= starts_at:
        fields["ends_at"] = [_l("结束时间必须晚于开始时间")]
    elif ends_at - starts_at > MAX_LENGTH:
        fields["ends_at"] = [_l("会议时长不能超过24小时")]
    if fields:
        raise ValidationFailed(_l("会议信息有误"), fields=fields)


def create_meeting(actor: AdminUser, name: str, starts_at: datetime, ends_at: datetime,
                   video_url: str | None = None, rehearsal: bool = False, screen_language: str = "zh",
                   allow_typed_signature: bool = False) -> Meeting:
    """Create a draft meeting (or rehearsal) for an approved enterprise."""
    require_signing_approved(actor)
    check_details(name, starts_at, ends_at, video_url)
    meeting = Meeting(enterprise_id=actor.enterprise_id, created_by_id=actor.id, name=name.strip(),
                      starts_at=starts_at, ends_at=ends_at, video_url=video_url, rehearsal=bool(rehearsal),
                      screen_language=screen_language, allow_typed_signature=bool(allow_typed_signature))
    db.session.add(meeting)
    db.session.flush()
    audit.record(meeting.id, "meeting_created", {"name": meeting.name, **({"rehearsal": True} if rehearsal else {}),
                                                 **({"allow_typed_signature": True} if allow_typed_signature else {})},
                 actor=actor.username)
    db.session.commit()
    return meeting


def get_meeting(actor: AdminUser, meeting_id: str) -> Meeting:
    """A meeting of the actor's enterprise; any other answers 404."""
    meeting = db.session.get(Meeting, meeting_id)
    if not meeting or meeting.enterprise_id != actor.enterprise_id or actor.role == "operator":
        raise NotFound(_l("会议不存在"))
    return meeting


def name_contains(column, q: str | None):
    """A name search: the words anywhere in the column, any case, % and _ taken literally."""
    return column.icontains(q.strip(), autoescape=True)


def list_meetings(actor: AdminUser, status: str | None = None, q: str | None = None) -> list[Meeting]:
    """我的预约: the enterprise's meetings, newest start first, optionally by status and by name."""
    require_signing_approved(actor)
    query = Meeting.query.filter_by(enterprise_id=actor.enterprise_id)
    if status:
        query = query.filter(Meeting.status == status)
    if q and q.strip():
        query = query.filter(name_contains(Meeting.name, q))
    return query.order_by(Meeting.starts_at.desc(), Meeting.id).all()


def editable_details(meeting: Meeting) -> bool:
    """Name, times and participants can change while draft, and after booking until the start."""
    return meeting.status in ("draft", "scheduled")


def require_draft(meeting: Meeting, message=None) -> None:
    """Refuse changes to what booking froze (`message` says what is frozen; the meeting by default)."""
    if meeting.booked_at is not None:
        raise Conflict(message or _l("会议已预约，不能再修改"), code="meeting_frozen")



def update_meeting(actor: AdminUser, meeting_id: str, changes: dict) -> Meeting:
    """Rename, re-time or change the video link (or the typed-name setting) of a meeting; after booking,
    everyone is told of a change of name, times or link.

    Whether it is a rehearsal changes only while it is a draft: booking stamps (or does not stamp) its PDFs.
    """
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    if not editable_details(meeting):
        raise Conflict(_l("会议已开始或已结束，不能修改"), code="meeting_frozen")
    rehearsal = bool(changes.get("rehearsal", meeting.rehearsal))
    if rehearsal != meeting.rehearsal and meeting.booked_at is not None:
        raise Conflict(_l("会议已预约，不能再更改是否为彩排"),
                       code="meeting_frozen")
    name = changes.get("name", meeting.name)
    starts_at, ends_at = changes.get("starts_at", meeting.starts_at), changes.get("ends_at", meeting.ends_at)
    video_url = changes.get("video_url", meeting.video_url)
    check_details(name, starts_at, ends_at, video_url)
    before = (meeting.name, meeting.starts_at, meeting.ends_at, meeting.video_url)
    if starts_at != meeting.starts_at:
        for p in meeting.participants:
            p.reminded_at = None  # a new start deserves its own reminder
    meeting.name, meeting.starts_at, meeting.ends_at, meeting.video_url = name.strip(), starts_at, ends_at, video_url
    changed_kind = {"rehearsal": rehearsal} if rehearsal != meeting.rehearsal else {}
    meeting.rehearsal = rehearsal
    if changes.get("screen_language", meeting.screen_language) != meeting.screen_language:
        meeting.screen_language = changed_kind["screen_language"] = changes["screen_language"]
    # Until the start, like the other details: a signer who already signed keeps what they chose.
    typed = bool(changes.get("allow_typed_signature", meeting.allow_typed_signature))
    if typed != meeting.allow_typed_signature:
        changed_kind["allow_typed_signature"] = typed
    meeting.allow_typed_signature = typed
    audit.record(meeting.id, "meeting_updated", {"name": meeting.name, "starts_at": starts_at.isoformat(),
                                                 "ends_at": ends_at.isoformat(), "video_url": video_url,
                                                 **changed_kind}, actor=actor.username)
    if meeting.booked_at is not None and before != (meeting.name, meeting.starts_at, meeting.ends_at, video_url):
        for p in meeting.participants:
            notify_participant(meeting, p, "meeting_changed")
    db.session.commit()
    outbox.deliver_due()
    return meeting


def cancel_meeting(actor: AdminUser, meeting_id: str) -> Meeting:
    """Cancel a draft or booked meeting that has not finished; booked participants are told."""
    meeting = get_meeting(actor, meeting_id)
    if meeting.status in ("completed", "expired", "cancelled"):
        raise Conflict(_l("会议已结束或已取消"), code="meeting_over")
    was_booked = meeting.booked_at is not None
    meeting.cancelled_at = utcnow()
    audit.record(meeting.id, "meeting_cancelled", {}, actor=actor.username)
    if was_booked:
        for p in meeting.participants:
            notify_participant(meeting, p, "meeting_cancelled")
    db.session.commit()
    outbox.deliver_due()
    return meeting
