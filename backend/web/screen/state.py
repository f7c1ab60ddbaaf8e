"""What a shared screen may show of a meeting: names as the organizer chose, statuses, seals and page previews.

Never ID numbers, phones, decline reasons or anything a signer typed: the screen is shared with
everyone in the video meeting. `name_masked` is always masked; `display_name` and `title` follow the
organizer's choice (full names and titles of matched participants by default, masked before).
"""
from sqlalchemy import func

from backend.core.extensions import db
from backend.lib.identity.person_name import mask as masked_name
from backend.models import AuditEvent, Meeting, Participant, SignatureRecord
from backend.models.meeting import FINISHED_STATUSES, OPEN_STATUSES
from backend.models.status import meeting_label, meeting_phase, participant_label
from backend.services import attempts
from backend.services.layout import layout_of, logo_places
from backend.services.links import scene_version
from backend.services.page_images import VERSION_LENGTH
from backend.services.participants import match_status


def _iso(moment):
    return moment.isoformat() if moment else None


def urls(token: str):
    """URL builders for the screen's token-scoped images."""
    base = f"/screen/{token}"

    class U:
        # Versioned by the scene: a re-opened signer's new QR code is never taken from a cache.
        qr = staticmethod(lambda p: f"{base}/qr/{p.id}.png?v={scene_version(p)}")
        seal = staticmethod(lambda sid: f"{base}/seals/{sid}.png")
        handwriting = staticmethod(lambda pid: f"{base}/handwriting/{pid}.png")
        # The booked original's hash: the URL never changes meaning. The screen adds `width=` for its size.
        page = staticmethod(lambda doc, n: f"{base}/pages/{doc.id}/{n}.jpg?v={doc.sha256[:VERSION_LENGTH]}")
        image = staticmethod(lambda key: f"{base}/images/{key.rsplit('/', 1)[-1]}" if key else None)
    return U


def marks_of(record: SignatureRecord, controls, u) -> list[dict]:
    """A signer's marks on the pages, drawn from the signing data (not from the PDF)."""
    marks = []
    for c in controls:
        mark = {"document_id": c.document_id, "page": c.page, "kind": c.kind,
                "x": c.x, "y": c.y, "w": c.w, "h": c.h, "image_url": None, "text": None}
        if c.kind == "seal":
            seal_id = (record.seal_choices or {}).get(c.id)
            mark["image_url"] = u.seal(seal_id) if seal_id else None
        elif c.kind == "signature":
            mark["image_url"] = u.handwriting(record.participant_id)
        else:
            mark["text"] = record.date_text
        marks.append(mark)
    return marks


def marks_from_event(participant_id: str, data: dict, u) -> list[dict]:
    """The marks carried by a `signed` audit event, with screen URLs instead of ids."""
    marks = []
    for m in data.get("marks") or []:
        kind = m.get("kind")
        mark = {k: m.get(k) for k in ("document_id", "page", "x", "y", "w", "h")}
        mark.update(kind=kind, image_url=None, text=None)
        if kind == "seal" and m.get("seal_id"):
            mark["image_url"] = u.seal(m["seal_id"])
        elif kind == "signature":
            mark["image_url"] = u.handwriting(participant_id)
        elif kind == "date":
            mark["text"] = data.get("date_text")
        marks.append(mark)
    return marks


def attempts_of(participant_id: str) -> dict:
    """What the host sees of the failed checks on a signer's scene: counts, never who or why."""
    return {"failures": attempts.failures(participant_id),
            "retry_after": int(attempts.participant_wait(participant_id).total_seconds())}


def shown_as(p: Participant, names: str) -> dict:
    """The name and title the screen shows: full once the person matched the registry (guests: as the
    organizer entered them), masked before and whenever the organizer chose masked names."""
    full = names == "full" and (p.role == "observer" or match_status(p) == "matched")
    return {"name_masked": masked_name(p.name), "display_name": p.name if full else masked_name(p.name),
            "title": p.title if full else None}


def _signer(p: Participant, record, controls, u, show_qr: bool, names: str) -> dict:
    waiting = p.status not in FINISHED_STATUSES
    out = {"participant_id": p.id, **shown_as(p, names), "enterprise_name": p.enterprise_name,
           "status": p.status, "status_label": participant_label(p), "qr_url": u.qr(p) if waiting and show_qr else None,
           "signed_at": _iso(p.signed_at), "marks": [], "seal_urls": [], "handwriting_url": None}
    if record is not None and p.status == "signed":
        out["marks"] = marks_of(record, controls, u)
        out["seal_urls"] = sorted({m["image_url"] for m in out["marks"] if m["kind"] == "seal" and m["image_url"]})
        out["handwriting_url"] = u.handwriting(p.id)
    return out


def newest_id(meeting_id: str) -> int:
    """The meeting's newest audit event id now (0 when it has none): where a live stream should start."""
    return db.session.query(func.max(AuditEvent.id)).filter(AuditEvent.meeting_id == meeting_id).scalar() or 0


def last_event_id(meeting: Meeting) -> int:
    """The newest audit event id of the meeting: where a live stream should start."""
    return newest_id(meeting.id)


def public_state(meeting: Meeting, token: str, *, host: bool = False, u=None) -> dict:
    """The whole screen in one answer; the event stream then says what changed (u: other URL builders)."""
    u = u or urls(token)
    after = last_event_id(meeting)  # read first: anything newer arrives through the stream
    layout = layout_of(meeting)
    people = {p.id: p for p in meeting.participants}
    signers = [p for p in meeting.participants if p.role == "signer"]
    records = {r.participant_id: r for r in SignatureRecord.query.filter_by(meeting_id=meeting.id)}
    controls = [c for d in meeting.documents for c in d.controls]
    by_signer = {p.id: [c for c in controls if c.participant_id == p.id] for p in signers}
    status, phase = meeting.status, meeting_phase(meeting)
    # A decline waiting for the organizer stops every invitation to scan until they decide.
    show_qr = bool(layout["show_qr"]) and status in OPEN_STATUSES and phase != "awaiting_organizer"
    enterprise_names = {p.enterprise_id: p.enterprise_name for p in meeting.participants if p.enterprise_id}
    logo_keys = {enterprise_names[eid]: key for eid, key in (layout["logos"] or {}).items()
                 if key and eid in enterprise_names}
    seats = []
    for seat in layout["seats"]:
        p = people.get(seat["participant_id"])
        if p is not None:
            seats.append({"participant_id": p.id, "x": seat["x"], "y": seat["y"], "role": p.role,
                          **shown_as(p, layout["names"]), "enterprise_name": p.enterprise_name,
                          "status": p.status})
    pages = sorted({(c.document_id, c.page) for c in controls})
    documents = [{"id": d.id, "filename": d.filename,
                  "pages": [{"page": n, "url": u.page(d, n), "width": d.pages[n - 1]["width"],
                             "height": d.pages[n - 1]["height"]} for (did, n) in pages if did == d.id]}
                 for d in meeting.documents]
    signed = sum(1 for p in signers if p.status == "signed")
    return {
        "meeting": {"name": meeting.name, "starts_at": _iso(meeting.starts_at), "ends_at": _iso(meeting.ends_at),
                    "status": status, "phase": phase, "status_label": meeting_label(meeting),
                    "signing_open": meeting.signing_open,
                    "completed_at": _iso(meeting.completed_at), "video_url": meeting.video_url if host else None,
                    "rehearsal": meeting.rehearsal},
        "last_event_id": after,
        "host": host,
        "layout": {"background_url": u.image(layout["background"]), "show_qr": bool(layout["show_qr"]),
                   "names": layout["names"], "banner": layout["banner"],
                   "celebration_seconds": layout["celebration_seconds"],
                   # Every signing enterprise where it was placed: its logo, or (url null) a name badge.
                   "logos": [{**place, "url": u.image(logo_keys.get(place["enterprise_name"]))}
                             for place in logo_places(meeting, meeting.layout or {})]},
        "seats": seats,
        "signers": [_signer(p, records.get(p.id), by_signer[p.id], u, show_qr, layout["names"])
                    | ({"attempts": attempts_of(p.id)} if host else {}) for p in signers],
        "documents": [d for d in documents if d["pages"]],
        "progress": {"signed": signed, "declined": sum(1 for p in signers if p.status == "declined"),
                     "total": len(signers)},
    }
