"""The sign request's reads, as statements built once and rows instead of ORM objects.

In a burst of signers the ORM's per-query construction and loading was a third of each sign
request (bench/sign_bench.py); the rules themselves (signer_identity, signer_sessions) take these
rows as they take the models.
"""
from types import SimpleNamespace

from sqlalchemy import bindparam, select

from ..extensions import db
from ..models import Control, Document, Meeting, Participant, SignerSession

_S, _P, _M = SignerSession.__table__, Participant.__table__, Meeting.__table__
_C, _D = Control.__table__, Document.__table__

_SESSION = select(_S.c.id, _S.c.participant_id, _S.c.verified_at, _S.c.channel, _S.c.verification_method,
                  _S.c.expires_at).where(_S.c.token_hash == bindparam("digest"))
# The session rides along on the participant's row: one round trip for both.
_SIGNER = (select(_P.c.id, _P.c.role, _P.c.status, _P.c.name, _P.c.meeting_id, _P.c.employee_id,
                  _P.c.enterprise_id, _M.c.status.label("m_status"), _M.c.starts_at.label("m_starts_at"),
                  _M.c.ends_at.label("m_ends_at"), _M.c.completed_at.label("m_completed_at"), _S.c.id.label("s_id"),
                  _S.c.participant_id.label("s_participant_id"), _S.c.verified_at.label("s_verified_at"),
                  _S.c.channel.label("s_channel"), _S.c.verification_method.label("s_verification_method"),
                  _S.c.expires_at.label("s_expires_at"))
           .select_from(_P.join(_M, _M.c.id == _P.c.meeting_id)
                        .outerjoin(_S, _S.c.token_hash == bindparam("digest")))
           .where(_P.c.scene_token == bindparam("scene")))
_OWN_CONTROLS = (select(_C.c.id, _C.c.document_id, _C.c.kind, _C.c.page, _C.c.x, _C.c.y, _C.c.w, _C.c.h)
                 .join(_D, _D.c.id == _C.c.document_id).where(_C.c.participant_id == bindparam("participant"))
                 .order_by(_D.c.position, _C.c.position))
_SESSION_FIELDS = ("id", "participant_id", "verified_at", "channel", "verification_method", "expires_at")


def signer_context(token_digest: str | None, scene: str | None):
    """(session, participant, meeting) behind a token and a scene; each None when there is none."""
    row = None
    if token_digest and scene and scene.isalnum():
        row = db.session.execute(_SIGNER, {"digest": token_digest, "scene": scene}).first()
    if row is None:
        found = db.session.execute(_SESSION, {"digest": token_digest}).first() if token_digest else None
        return (SimpleNamespace(**found._mapping) if found else None), None, None
    session = (SimpleNamespace(**{f: getattr(row, f"s_{f}") for f in _SESSION_FIELDS})
               if row.s_id is not None else None)
    participant = SimpleNamespace(id=row.id, role=row.role, status=row.status, name=row.name,
                                  meeting_id=row.meeting_id, employee_id=row.employee_id,
                                  enterprise_id=row.enterprise_id)
    meeting = SimpleNamespace(id=row.meeting_id, stored_status=row.m_status, starts_at=row.m_starts_at,
                              ends_at=row.m_ends_at, completed_at=row.m_completed_at)
    return session, participant, meeting


def own_controls(participant_id: str) -> list:
    """A signer's controls across the meeting's documents, in document and placement order."""
    return db.session.execute(_OWN_CONTROLS, {"participant": participant_id}).all()
