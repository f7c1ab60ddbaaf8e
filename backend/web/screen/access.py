"""Who may see a big screen: the result token opens it; the host token adds controls."""
import hmac
import re

from flask_babel import lazy_gettext as _l

from backend.core.errors import Forbidden, NotFound
from backend.models import Meeting, Participant
from backend.web.screen.shell import speak_screen_language

TOKEN = re.compile(r"^[0-9A-Za-z]{16,64}$")


def meeting_for(result_token: str) -> Meeting:
    """The booked meeting behind a result token (answering in its screen language); anything else is 404."""
    if not TOKEN.match(result_token or ""):
        raise NotFound(_l("大屏链接无效"), code="screen_not_found")
    meeting = Meeting.query.filter_by(result_token=result_token).first()
    if meeting is None:
        raise NotFound(_l("大屏链接无效"), code="screen_not_found")
    speak_screen_language(meeting)  # everything a screen link answers speaks the screen's language
    return meeting


def is_host(meeting: Meeting, host_token: str | None) -> bool:
    """True when the host token matches (compared in constant time)."""
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, a 500).
    return bool(host_token and meeting.host_token
                and hmac.compare_digest(host_token.encode(), meeting.host_token.encode()))


def require_host(meeting: Meeting, host_token: str | None) -> None:
    """Refuse screen changes without the host token."""
    if not is_host(meeting, host_token):
        raise Forbidden(_l("只有主持人链接可以调整大屏"), code="host_required")


def signer_of(meeting: Meeting, participant_id: str) -> Participant:
    """A signer of this meeting, or 404."""
    for p in meeting.participants:
        if p.id == participant_id and p.role == "signer":
            return p
    raise NotFound(_l("签署人不存在"), code="signer_not_found")
