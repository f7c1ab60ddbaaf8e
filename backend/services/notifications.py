"""A meeting's messages as its organizer sees them: delivery state, and resending one by hand."""
from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict, NotFound
from backend.core.extensions import db
from backend.models import AdminUser, Notification
from backend.services import outbox
from backend.services.meetings import get_meeting


def meeting_notifications(actor: AdminUser, meeting_id: str) -> list[Notification]:
    """Every message of one of the actor's meetings, oldest first."""
    meeting = get_meeting(actor, meeting_id)
    return (Notification.query.filter_by(meeting_id=meeting.id)
            .order_by(Notification.created_at, Notification.id).all())


def resend(actor: AdminUser, meeting_id: str, notification_id: str) -> Notification:
    """Send a failed message again, or one whose fate is unknown (the organizer decided it did not arrive)."""
    meeting = get_meeting(actor, meeting_id)
    note = db.session.get(Notification, notification_id)
    if note is None or note.meeting_id != meeting.id:
        raise NotFound(_l("消息不存在"))
    if note.status not in ("failed", "unknown"):
        raise Conflict(_l("只有发送失败或状态未知的消息可以重发"))
    outbox.resend(note)
    db.session.commit()
    outbox.deliver_due()
    db.session.expire_all()
    return db.session.get(Notification, notification_id)
