"""Cloning a meeting for the next signing: its people, documents with their controls, layout and video
link, at new times, as a draft that books like any other."""
from datetime import datetime

from backend.core.extensions import db
from backend.core.resources import cipher, files
from backend.models import AdminUser, Control, Document, Meeting, Participant
from backend.services import audit
from backend.services.counterparties import invite
from backend.services.enterprises import require_signing_approved
from backend.services.meetings import check_details, get_meeting
from backend.services.participants import find_employee

# What a booked document gained (prepared fields, revisions, signatures) stays with the original.
DOCUMENT_COLUMNS = ("position", "filename", "sha256", "page_count", "pages", "original_key")


def _identity_columns() -> list[str]:
    # Who a participant is, not how far they got: tokens (unique) and progress (*_at) start afresh.
    return [c.key for c in Participant.__table__.columns
            if not (c.primary_key or c.unique or c.key.endswith("_at")
                    or c.key in ("meeting_id", "decline_reason", "counterparty_id"))]


def _participant(source: Participant, meeting: Meeting) -> Participant:
    twin = Participant(meeting_id=meeting.id, **{key: getattr(source, key) for key in _identity_columns()})
    if twin.employee_id and twin.enterprise_id:
        # The registry may have changed since: match again, as adding the participant would.
        c = cipher()
        id_number = c.decrypt(twin.id_number_enc) if twin.id_number_enc else None
        employee = find_employee(twin.enterprise_id, twin.name, id_number, c.decrypt(twin.phone_enc),
                                 twin.id_type, twin.id_country)
        twin.employee_id = employee.id if employee else None
    return twin


def _copy_image(key: str | None, meeting: Meeting) -> str | None:
    # Layout images live under their meeting's folder (services/layout.py checks it): each copy gets its own.
    if not key:
        return None
    data = files().find(key)
    if data is None:
        return None
    return files().put(data, prefix=f"layout/{meeting.id}", suffix=key[key.rfind("."):])


def _layout(source: Meeting, meeting: Meeting, people: dict[str, Participant]) -> dict | None:
    if not source.layout:
        return None
    saved = dict(source.layout)
    layout = {"background": _copy_image(saved.get("background"), meeting),
              "logos": {eid: key for eid, key in ((eid, _copy_image(k, meeting))
                                                  for eid, k in (saved.get("logos") or {}).items()) if key},
              "show_qr": saved.get("show_qr", True),
              # The organizer's presentation choices and logo places name nothing of the source meeting.
              **{k: saved[k] for k in ("names", "banner", "celebration_seconds", "logo_positions") if k in saved}}
    if "seats" in saved:  # an arranged stage stays arranged; an automatic one stays automatic
        layout["seats"] = [{**seat, "participant_id": people[seat["participant_id"]].id}
                           for seat in saved["seats"] if seat["participant_id"] in people]
    return layout


def clone_meeting(actor: AdminUser, meeting_id: str, starts_at: datetime, ends_at: datetime,
                  name: str | None = None, rehearsal: bool | None = None) -> Meeting:
    """A new draft like one of the actor's meetings, at new times (and optionally a new name).

    The copy is a rehearsal when asked, otherwise when its source is one (the wizard's first step can change it).
    """
    require_signing_approved(actor)
    source = get_meeting(actor, meeting_id)
    name = source.name if name is None else name
    rehearsal = source.rehearsal if rehearsal is None else rehearsal
    check_details(name, starts_at, ends_at, source.video_url)
    meeting = Meeting(enterprise_id=source.enterprise_id, created_by_id=actor.id, name=name.strip(),
                      starts_at=starts_at, ends_at=ends_at, video_url=source.video_url, rehearsal=rehearsal,
                      allow_typed_signature=source.allow_typed_signature, screen_language=source.screen_language)
    db.session.add(meeting)
    db.session.flush()
    # A counterparty names its people for each meeting: the copy invites it again, without their names or controls.
    people = {p.id: _participant(p, meeting) for p in source.participants if not p.counterparty_id}
    db.session.add_all(people.values())
    db.session.flush()
    for doc in source.documents:
        # A stored original is written once and never changed or deleted: both meetings can read it.
        twin = Document(meeting_id=meeting.id, **{key: getattr(doc, key) for key in DOCUMENT_COLUMNS})
        twin.controls = [Control(position=c.position, page=c.page, x=c.x, y=c.y, w=c.w, h=c.h, kind=c.kind,
                                 participant_id=people[c.participant_id].id)
                         for c in doc.controls if c.participant_id in people]
        db.session.add(twin)
    meeting.layout = _layout(source, meeting, people)
    audit.record(meeting.id, "meeting_created", {"name": meeting.name, "cloned_from": source.id,
                                                 **({"rehearsal": True} if rehearsal else {})}, actor=actor.username)
    db.session.commit()
    for counterparty in source.counterparties:
        invite(actor, meeting.id, counterparty.enterprise_id)
    return meeting
