"""Who takes part in a meeting, and whether each signer matches a registered employee.

A participant is typed by the organizer (identity as entered, matched to the registry) or picked
from a registry: the organizer's own, or a counterparty's by that enterprise's admin
(services/counterparties.py). A picked participant's identity is the registry's.
"""
from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.languages import DEFAULT_LANGUAGE
from backend.core.resources import cipher
from backend.lib.identity import documents, mobile, person_name
from backend.models import AdminUser, Control, Employee, Enterprise, Participant
from backend.services import audit, outbox
from backend.services.employees import document_lookup, document_problems, phone_problems
from backend.services.enterprises import require_signing_approved
from backend.services.meetings import editable_details, get_meeting
from backend.services.notices import notify_booked

ROLES = ("host", "signer", "observer")


def _validate(role: str, name: str, id_number: str | None, phone: str, enterprise_name: str,
              id_type: str = documents.RESIDENT_ID, id_country: str | None = None) -> dict:
    fields = {}
    if role not in ROLES:
        fields["role"] = [_l("角色应为 host / signer / observer")]
    if not (name or "").strip() or len(name.strip()) > 50:
        fields["name"] = [_l("请填写姓名")]
    fields.update(phone_problems(phone))
    if role == "signer" or id_number:  # a signer proves a document; anyone else may give one
        fields.update(document_problems(id_type, id_number, id_country))
    if role != "host" and not (enterprise_name or "").strip():
        fields["enterprise_name"] = [_l("请填写企业或单位名称")]
    return fields


def _title(value: str | None) -> str | None:
    return (value or "").strip() or None


def find_employee(enterprise_id: str, name: str, id_number: str | None, phone: str,
                  id_type: str = documents.RESIDENT_ID, id_country: str | None = None) -> Employee | None:
    """The registered employee equal in name, phone and (when given) document, whatever their status."""
    c = cipher()
    query = Employee.query.filter_by(enterprise_id=enterprise_id, name=name.strip(),
                                     phone_hmac=c.lookup(mobile.normalize(phone)))
    if id_number:
        query = query.filter_by(id_number_hmac=document_lookup(id_type, id_number, id_country))
    return query.first()


def _apply_identity(participant: Participant, meeting, data: dict) -> None:
    c = cipher()
    id_number = data.get("id_number")
    id_type = data.get("id_type") or documents.RESIDENT_ID
    id_country = documents.country(id_type, data.get("id_country"))
    phone = mobile.normalize(data["phone"])
    participant.role, participant.name = data["role"], data["name"].strip()
    participant.phone_enc, participant.phone_hmac = c.encrypt(phone), c.lookup(phone)
    participant.id_type, participant.id_country = id_type, id_country
    if id_number:
        id_number = documents.normalize(id_type, id_number)
        participant.id_number_enc = c.encrypt(id_number)
        participant.id_number_hmac = document_lookup(id_type, id_number, id_country)
    else:
        participant.id_number_enc = participant.id_number_hmac = None
    if data["role"] == "host":
        participant.enterprise_name = meeting.enterprise.name
    else:
        participant.enterprise_name = data["enterprise_name"].strip()
    enterprise = Enterprise.query.filter_by(name=participant.enterprise_name).first()
    participant.enterprise_id = enterprise.id if enterprise else None
    employee = None
    if enterprise and data["role"] in ("host", "signer"):
        employee = find_employee(enterprise.id, participant.name, id_number, phone, id_type, id_country)
    participant.employee_id = employee.id if employee else None
    participant.language = data.get("language") or spoken_language(employee, enterprise)


def spoken_language(employee: Employee | None, enterprise=None) -> str:
    """A participant's default language: the employee's own, else their enterprise's, else Chinese."""
    if employee is not None:
        return employee.language or employee.enterprise.language
    return enterprise.language if enterprise is not None else DEFAULT_LANGUAGE


def add_participant(actor: AdminUser, meeting_id: str, data: dict) -> Participant:
    """Add a host, signer or observer; signers are matched to the registry."""
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    require_open_to(meeting, data.get("role"))
    fields = _validate(data.get("role"), data.get("name"), data.get("id_number"), data.get("phone"),
                       data.get("enterprise_name"), data.get("id_type") or documents.RESIDENT_ID, data.get("id_country"))
    if fields:
        raise ValidationFailed(_l("参与人信息有误"), fields=fields)
    participant = Participant(meeting_id=meeting.id, position=len(meeting.participants),
                              title=_title(data.get("title")))
    _apply_identity(participant, meeting, data)
    if data["role"] == "host" and not participant.employee_id:
        raise ValidationFailed(_l("主持人必须是本企业已登记的员工"),
                               code="host_not_employee", fields={"name": [_l("未找到匹配的本企业员工")]})
    db.session.add(participant)
    db.session.flush()
    audit.record(meeting.id, "participant_added", {"participant_id": participant.id, "role": participant.role},
                 actor=actor.username)
    renotify_if_booked(meeting, participant)
    db.session.commit()
    outbox.deliver_due()
    return participant


def require_open_to(meeting, role: str | None) -> None:
    """Refuse a new participant once the meeting started, and a new signer once it is booked."""
    if not editable_details(meeting):
        raise Conflict(_l("会议已开始或已结束，不能修改参与人"), code="meeting_frozen")
    if role == "signer" and meeting.booked_at is not None:
        # A signer needs controls on the prepared PDF, which booking froze.
        raise Conflict(_l("预约后不能再添加签署人"), code="meeting_frozen")


def from_employee(meeting, employee: Employee, role: str, counterparty=None) -> Participant:
    """A new participant (not yet added to the session) whose identity is the employee's registry entry."""
    if employee.status == "disabled":
        raise Conflict(_l("该员工已停用"), code="employee_disabled")
    if any(p.employee_id == employee.id and p.role == role for p in meeting.participants):
        raise Conflict(_l("该员工已以相同角色参加本会议"), code="already_participant")
    c = cipher()
    participant = Participant(meeting_id=meeting.id, position=len(meeting.participants), role=role, name=employee.name,
                              phone_enc=c.encrypt(c.decrypt(employee.phone_enc)), phone_hmac=employee.phone_hmac,
                              enterprise_id=employee.enterprise_id, enterprise_name=employee.enterprise.name,
                              employee_id=employee.id, counterparty=counterparty,
                              language=spoken_language(employee))
    if role != "observer":  # a guest proves nothing: their ID number is not needed
        participant.id_type, participant.id_country = employee.id_type, employee.id_country
        participant.id_number_enc = c.encrypt(c.decrypt(employee.id_number_enc))
        participant.id_number_hmac = employee.id_number_hmac
    return participant


def add_from_registry(actor: AdminUser, meeting_id: str, employee_id: str, role: str,
                      language: str | None = None) -> Participant:
    """Add one of the organizer's own employees, picked from the registry, as host, signer or observer."""
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    require_open_to(meeting, role)
    employee = db.session.get(Employee, employee_id)
    if not employee or employee.enterprise_id != actor.enterprise_id:
        raise NotFound(_l("员工不存在"))
    participant = from_employee(meeting, employee, role)
    participant.language = language or participant.language
    db.session.add(participant)
    db.session.flush()
    audit.record(meeting.id, "participant_added", {"participant_id": participant.id, "role": role,
                                                   "source": "registry"}, actor=actor.username)
    renotify_if_booked(meeting, participant)
    db.session.commit()
    outbox.deliver_due()
    return participant


def _organizers_own(participant: Participant) -> None:
    # The counterparty named this person from its registry: only its admin changes them.
    if participant.counterparty_id:
        raise Conflict(_l("该参会人由相对方指定，只能由该企业修改；可以撤回对该企业的邀请"),
                       code="named_by_counterparty")


def get_participant(meeting, participant_id: str) -> Participant:
    """A participant of this meeting."""
    participant = db.session.get(Participant, participant_id)
    if not participant or participant.meeting_id != meeting.id:
        raise NotFound(_l("参与人不存在"))
    return participant


def update_participant(actor: AdminUser, meeting_id: str, participant_id: str, changes: dict) -> Participant:
    """Edit a participant while draft, or before the start once booked (they are told again)."""
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    if not editable_details(meeting):
        raise Conflict(_l("会议已开始或已结束，不能修改参与人"), code="meeting_frozen")
    participant = get_participant(meeting, participant_id)
    _organizers_own(participant)
    if participant.status in ("verified", "signed"):
        raise Conflict(_l("该参与人已核验身份，不能修改"), code="participant_frozen")
    data = {"role": participant.role, "name": participant.name, "enterprise_name": participant.enterprise_name,
            "phone": mobile.normalize(cipher().decrypt(participant.phone_enc)),
            "id_number": cipher().decrypt(participant.id_number_enc) if participant.id_number_enc else None,
            "id_type": participant.id_type, "id_country": participant.id_country}
    if changes.get("id_type") not in (None, participant.id_type):
        # A number and a country belong to the kind they were given for: a new kind starts without them.
        data["id_number"] = data["id_country"] = None
    data.update({k: v for k, v in changes.items() if v is not None})
    if meeting.booked_at is not None and data["role"] != participant.role:
        raise Conflict(_l("预约后不能更改角色"), code="meeting_frozen")
    fields = _validate(data["role"], data["name"], data.get("id_number"), data["phone"], data["enterprise_name"],
                       data["id_type"] or documents.RESIDENT_ID, data.get("id_country"))
    if fields:
        raise ValidationFailed(_l("参与人信息有误"), fields=fields)
    _apply_identity(participant, meeting, data)
    if "title" in changes:
        participant.title = _title(changes["title"])
    if changes.get("language"):
        participant.language = changes["language"]
    if participant.role == "host" and not participant.employee_id:
        raise ValidationFailed(_l("主持人必须是本企业已登记的员工"),
                               code="host_not_employee", fields={"name": [_l("未找到匹配的本企业员工")]})
    if meeting.booked_at is not None and participant.role == "signer" and not participant.employee_id:
        raise Conflict(_l("签署人信息与登记信息不一致"), code="signer_unmatched")
    audit.record(meeting.id, "participant_updated", {"participant_id": participant.id}, actor=actor.username)
    renotify_if_booked(meeting, participant)
    db.session.commit()
    outbox.deliver_due()
    return participant


def remove_participant(actor: AdminUser, meeting_id: str, participant_id: str) -> None:
    """Remove a participant while the meeting is a draft."""
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    if meeting.booked_at is not None:
        raise Conflict(_l("预约后不能删除参与人"), code="meeting_frozen")
    participant = get_participant(meeting, participant_id)
    _organizers_own(participant)
    drop(meeting, participant, actor)
    db.session.commit()


def drop(meeting, participant: Participant, actor: AdminUser) -> None:
    """Remove a participant and the controls assigned to them (the caller checked who may, and commits)."""
    Control.query.filter_by(participant_id=participant.id).delete()
    db.session.delete(participant)
    audit.record(meeting.id, "participant_removed", {"participant_id": participant.id}, actor=actor.username)


def renotify_if_booked(meeting, participant) -> None:
    """A participant added or changed after booking gets the booking message (again)."""
    if meeting.status == "scheduled":
        notify_booked(meeting, participant)


def _same_person(participant: Participant) -> bool:
    employee = participant.employee
    return bool(employee) and employee.status != "disabled" and employee.enterprise_id == participant.enterprise_id \
        and employee.name == participant.name and employee.phone_hmac == participant.phone_hmac \
        and participant.id_number_hmac in (None, employee.id_number_hmac)


def match_problem(participant: Participant) -> str | None:
    """Why a host or signer does not match, naming the part without the detail.

    enterprise_unregistered (no enterprise goes by that exact name), enterprise_not_approved (it is not
    approved for strategic signing), person_unmatched (that enterprise has no such employee: which of
    name, ID number or phone differs is never said); None when they match, and for observers.
    """
    if participant.role == "observer":
        return None
    if not participant.enterprise_id:
        return "enterprise_unregistered"
    if participant.enterprise.signing_status != "approved":
        return "enterprise_not_approved"
    return None if _same_person(participant) else "person_unmatched"


def match_status(participant: Participant) -> str:
    """matched, not_activated or unmatched; hosts and signers only (observers are 'guest')."""
    if participant.role == "observer":
        return "guest"
    if match_problem(participant):
        return "unmatched"
    return {"active": "matched", "invited": "not_activated"}.get(participant.employee.status, "unmatched")


def shown_name(participant: Participant) -> str:
    """The name the organizer sees: a counterparty's nominee masked (张**), anyone else as entered."""
    return person_name.mask(participant.name) if participant.counterparty_id else participant.name
