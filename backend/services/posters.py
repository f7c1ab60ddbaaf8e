"""The commemorative poster of a completed contract: who signed for which enterprise, with its logo and
seal, on the day it was sealed; as a one-page PDF or the PNG rendered from it, in the meeting's language(s)."""
from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import files
from backend.lib.poster import SIZES, Poster, PosterParty, PosterSigner, PosterText, poster_pdf, poster_png
from backend.models import AdminUser, Meeting, Seal, SignatureRecord
from backend.services.contracts import get_contract
from backend.services.download_names import poster_name
from backend.services.layout import layout_of
from backend.services.meeting_languages import date_text, languages_of, translated

FORMATS = ("png", "pdf")


def _stored(key: str | None) -> bytes | None:
    """A stored image, or None when it is gone (the poster then draws its stand-in)."""
    if not key:
        return None
    try:
        return files().find(key)
    except ValueError:  # a key that would leave the store names no image
        return None


def poster_of(meeting: Meeting) -> Poster:
    """What the poster shows: each enterprise in the order its signers were listed, with its logo and seal."""
    records = {r.participant_id: r for r in SignatureRecord.query.filter_by(meeting_id=meeting.id)}
    layout = layout_of(meeting)
    logos = layout["logos"] or {}
    parties: dict[str, dict] = {}
    for p in meeting.participants:
        if p.role != "signer" or p.id not in records:
            continue
        party = parties.setdefault(p.enterprise_name, {"signers": [], "logo": logos.get(p.enterprise_id),
                                                       "seal_ids": []})
        party["signers"].append(PosterSigner(p.name, getattr(p, "title", None) or ""))
        party["seal_ids"] += sorted(set((records[p.id].seal_choices or {}).values()))
    out = []
    for name, party in parties.items():
        seal = next((s for s in (db.session.get(Seal, sid) for sid in party["seal_ids"]) if s is not None), None)
        out.append(PosterParty(name, tuple(party["signers"]), logo=_stored(party["logo"]),
                               seal=_stored(seal.image_key if seal else None)))
    texts = tuple(PosterText(date=date_text(meeting.completed_at, language),
                             **translated(PosterText().words(), language))
                  for language in languages_of(meeting.screen_language))
    return Poster(title=meeting.name, parties=tuple(out), background=_stored(layout["background"]), texts=texts)


def poster_file(actor: AdminUser, meeting_id: str, size: str, fmt: str) -> tuple[str, bytes]:
    """The poster of a contract the actor may see, as (download name, bytes); 409 before it is complete."""
    if size not in SIZES:
        raise ValidationFailed(_l("海报尺寸应为 landscape 或 portrait"),
                               fields={"size": ["landscape | portrait"]})
    if fmt not in FORMATS:
        raise NotFound(_l("海报格式不存在"))
    meeting = get_contract(actor, meeting_id)
    if not meeting.completed_at:
        raise Conflict(_l("合同尚未完成，纪念海报在签署完成后生成"),
                       code="not_completed")
    poster = poster_of(meeting)
    draw = poster_png if fmt == "png" else poster_pdf
    # Drawn once per content and size (~0.5 s for a PNG), then served from the store every node shares.
    key = f"posters/{meeting.id}/{poster.fingerprint()[:32]}-{size}.{fmt}"
    return poster_name(meeting, size, fmt), files().cached(key, lambda: draw(poster, size))
