"""Typed signatures: where the organizer allows it, the signer's name drawn in a handwriting font stands in for the pad."""
import logging

from flask_babel import lazy_gettext as _l

from backend.core.errors import AppError, Conflict, ValidationFailed
from backend.lib.imaging.errors import FontMissing, TypedNameInvalid
from backend.lib.imaging.typed_signature import MAX_CHARS, comparable, render_typed_signature, tidy
from backend.models import Meeting, Participant, SignerSession
from backend.services.signer_identity import require_open, require_verified

FIELD = "signature_typed"
log = logging.getLogger(__name__)


def require_allowed(meeting: Meeting) -> None:
    """Refuse (409) unless the meeting's organizer lets signers type their name."""
    if not meeting.allow_typed_signature:
        raise Conflict(_l("本场签约要求手写签名，不能以输入姓名代替"), code="typed_signature_not_allowed")


def _refuse(message, code: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]})


def typed_png(participant: Participant, name: str, field: str = FIELD) -> bytes:
    """The PNG a typed name signs with; refuses (422) an empty or long name, or one not the participant's."""
    text = tidy(name)
    if not text:
        raise _refuse(_l("请输入您的姓名"), "typed_name_invalid", field)
    if len(text) > MAX_CHARS:
        raise _refuse(_l("姓名至多%(n)s个字", n=MAX_CHARS), "typed_name_invalid", field)
    # Legal weight: a typed name identifies the signer only because it is the name they were registered and
    # verified under; any other text would be a mark that names someone else (or no one), so it is refused.
    # Spaces, letter case and full-width forms do not change a name, so they do not count.
    if comparable(text) != comparable(participant.name):
        raise _refuse(_l("输入的姓名与登记的签署人姓名不一致"), "typed_name_mismatch", field)
    try:
        return render_typed_signature(text)
    except TypedNameInvalid as exc:
        raise _refuse(_l("签名字体无法书写这些字：%(chars)s", chars=exc.missing or text), exc.code, field) from None
    except FontMissing as exc:
        # The server's fault, not the signer's: the signer is told to draw instead, the log says what to install.
        log.error("typed signature refused: %s", exc.message)
        raise AppError(_l("服务器暂不支持输入姓名签署，请改为手写签名"), code=exc.code, status=503) from None


def preview(session: SignerSession, participant: Participant, name: str) -> dict:
    """What a typed name will look like on the contract: the very PNG signing with it stores."""
    require_verified(session, participant)
    require_open(participant.meeting)
    require_allowed(participant.meeting)
    return {"name": tidy(name), "png": typed_png(participant, name, field="name")}
