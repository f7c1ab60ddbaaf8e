"""Counterparties: enterprises an organizer invites to a draft meeting, whose own admin names its signers.

The organizer picks an approved enterprise (by name or credit code) and never sees its employees'
ID numbers or phones: that enterprise's admin gets an SMS and a task in their admin pages, and
picks signers and observers from their own registry. Booking waits until every invited
counterparty has named at least one signer.
"""
from flask import current_app
from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import cipher
from backend.lib.identity import credit_code, mobile
from backend.models import AdminUser, Counterparty, Employee, Enterprise, Meeting, Participant
from backend.models.base import utcnow
from backend.services import audit, outbox
from backend.services.accounts import require_role
from backend.services.enterprises import require_signing_approved
from backend.services.meetings import get_meeting
from backend.services.notices import marked
from backend.services.participants import drop, from_employee, renotify_if_booked, require_open_to

SEARCH_LIMIT = 10
NOMINEE_ROLES = ("signer", "observer")


def search_enterprises(actor: AdminUser, q: str) -> list[Enterprise]:
    """Enterprises an organizer may invite: by exact credit code or a name fragment, never their own, at most 10."""
    require_signing_approved(actor)
    q = (q or "").strip()
    if len(q) < 2:
        raise ValidationFailed(_l("请输入至少2个字"), fields={"q": [_l("至少2个字")]})
    query = Enterprise.query.filter(Enterprise.id != actor.enterprise_id)
    if credit_code.problem(q) is None:
        query = query.filter(Enterprise.credit_code == q.upper())
    else:
        query = query.filter(Enterprise.name.contains(q, autoescape=True))
    approved_first = (Enterprise.signing_status == "approved").desc()
    return query.order_by(approved_first, Enterprise.name).limit(SEARCH_LIMIT).all()


def _require_draft(meeting: Meeting) -> None:
    if meeting.cancelled_at is not None:
        raise Conflict(_l("会议已取消"), code="meeting_over")
    if meeting.booked_at is not None:
        raise Conflict(_l("会议已预约，相对方和签署人已锁定"), code="meeting_frozen")


def invitation_url(counterparty: Counterparty) -> str:
    """The counterparty admin's task page, carried by the invitation SMS."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/admin/invitations/{counterparty.id}"


def _notify_contact(meeting: Meeting, counterparty: Counterparty) -> None:
    # The contact who applied for strategic signing (every approved enterprise has one).
    phone_enc = counterparty.enterprise.signing_contact_phone_enc
    if not phone_enc:
        return
    # In the invited enterprise's language: its contact reads it, not the organizer.
    language = counterparty.enterprise.language
    outbox.enqueue(mobile.normalize(cipher().decrypt(phone_enc)), "counterparty_invited",
                   {"enterprise": marked(meeting, meeting.enterprise.name, language), "meeting": meeting.name,
                    "link": invitation_url(counterparty)}, language=language, meeting_id=meeting.id)


def invite(actor: AdminUser, meeting_id: str, enterprise_id: str) -> Counterparty:
    """Invite an approved enterprise to name its signers for a draft meeting; its contact gets an SMS."""
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    _require_draft(meeting)
    enterprise = db.session.get(Enterprise, enterprise_id)
    if not enterprise:
        raise NotFound(_l("企业不存在"))
    if enterprise.id == actor.enterprise_id:
        raise ValidationFailed(_l("不能邀请本企业，本企业的参会人请从员工名册选择"),
                               code="own_enterprise", fields={"enterprise_id": [_l("本企业")]})
    if enterprise.signing_status != "approved":
        raise Conflict(_l("该企业尚未开通战略签约，不能作为相对方"),
                       code="enterprise_not_approved")
    if any(c.enterprise_id == enterprise.id for c in meeting.counterparties):
        raise Conflict(_l("已邀请该企业"), code="already_invited")
    counterparty = Counterparty(meeting=meeting, enterprise=enterprise, invited_by_id=actor.id, invited_at=utcnow())
    db.session.add(counterparty)
    db.session.flush()
    audit.record(meeting.id, "counterparty_invited", {"counterparty_id": counterparty.id, "enterprise_id": enterprise.id},
                 actor=actor.username)
    _notify_contact(meeting, counterparty)
    db.session.commit()
    outbox.deliver_due()
    return counterparty


def _of_meeting(meeting: Meeting, counterparty_id: str) -> Counterparty:
    counterparty = db.session.get(Counterparty, counterparty_id)
    if not counterparty or counterparty.meeting_id != meeting.id:
        raise NotFound(_l("相对方不存在"))
    return counterparty


def list_for_meeting(actor: AdminUser, meeting_id: str) -> list[Counterparty]:
    """The counterparties invited to one of the organizer's meetings."""
    return get_meeting(actor, meeting_id).counterparties


def withdraw(actor: AdminUser, meeting_id: str, counterparty_id: str) -> None:
    """Withdraw an invitation while the meeting is a draft; the people it named go with it."""
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    _require_draft(meeting)
    counterparty = _of_meeting(meeting, counterparty_id)
    for participant in list(counterparty.participants):
        drop(meeting, participant, actor)
    db.session.flush()
    db.session.delete(counterparty)
    audit.record(meeting.id, "counterparty_withdrawn", {"counterparty_id": counterparty_id,
                                                        "enterprise_id": counterparty.enterprise_id}, actor=actor.username)
    db.session.commit()


def status(counterparty: Counterparty) -> str:
    """waiting (no signer named yet) or named."""
    return "named" if any(p.role == "signer" for p in counterparty.participants) else "waiting"


def booking_problems(meeting: Meeting) -> list[dict]:
    """One problem per invited counterparty that has not named a signer yet."""
    return [{"code": "counterparty_pending", "enterprise": c.enterprise.name,
             "message": _l("相对方「%(enterprise)s」尚未指定签署人", enterprise=c.enterprise.name)}

            for c in meeting.counterparties if status(c) == "waiting"]


# The invited enterprise's side: its admin's tasks.

def invitations(actor: AdminUser) -> list[Counterparty]:
    """The invitations of the admin's enterprise, the latest meeting first."""
    require_role(actor, "admin")
    return (Counterparty.query.filter_by(enterprise_id=actor.enterprise_id).join(Meeting)
            .order_by(Meeting.starts_at.desc()).all())


def get_invitation(actor: AdminUser, counterparty_id: str) -> Counterparty:
    """One invitation of the admin's enterprise (404 for anyone else's)."""
    require_role(actor, "admin")
    counterparty = db.session.get(Counterparty, counterparty_id)
    if not counterparty or counterparty.enterprise_id != actor.enterprise_id:
        raise NotFound(_l("邀请不存在"))
    return counterparty


def editable(counterparty: Counterparty) -> bool:
    """Whether its admin may still name signers: the meeting is a draft, not cancelled."""
    meeting = counterparty.meeting
    return meeting.booked_at is None and meeting.cancelled_at is None


def nominate(actor: AdminUser, counterparty_id: str, employee_id: str, role: str) -> Participant:
    """Name one of the admin's own employees as signer (draft only) or observer (until the start)."""
    counterparty = get_invitation(actor, counterparty_id)
    meeting = counterparty.meeting
    if meeting.cancelled_at is not None:
        raise Conflict(_l("会议已取消"), code="meeting_over")
    require_open_to(meeting, role)
    employee = db.session.get(Employee, employee_id)
    if not employee or employee.enterprise_id != actor.enterprise_id:
        raise NotFound(_l("员工不存在"))
    participant = from_employee(meeting, employee, role, counterparty)
    db.session.add(participant)
    db.session.flush()
    audit.record(meeting.id, "participant_added", {"participant_id": participant.id, "role": role,
                                                   "counterparty_id": counterparty.id}, actor=actor.username)
    renotify_if_booked(meeting, participant)
    db.session.commit()
    outbox.deliver_due()
    return participant


def withdraw_nominee(actor: AdminUser, counterparty_id: str, participant_id: str) -> None:
    """Take back a named signer or observer while the meeting is a draft."""
    counterparty = get_invitation(actor, counterparty_id)
    _require_draft(counterparty.meeting)
    participant = db.session.get(Participant, participant_id)
    if not participant or participant.counterparty_id != counterparty.id:
        raise NotFound(_l("参会人不存在"))
    drop(counterparty.meeting, participant, actor)
    db.session.commit()
