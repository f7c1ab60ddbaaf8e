"""The audit trail: an append-only chain per meeting, its links keyed, its head sealed at checkpoints.

Each event's hash is an HMAC (the audit key, derived from SECRET_KEY) over the event and the hash
before it, so a database writer cannot recompute the chain. At booking, at each signature and at
completion the platform key signs the head in the same transaction, so even a writer who holds
SECRET_KEY cannot rewrite what was sealed. The live feed reads the events; the webhooks an event causes
are queued with it (services/webhook_events.py).

Beside the keyed chain runs a public one: each event's `digest` is SHA-256 over the previous digest and
the same canonical bytes (backend.lib.evidence.chain). It holds no secret, so it proves nothing alone;
what it adds is that checkpoints (statement version 2) seal it too, so anyone holding the events and the
platform certificate can check the sealed past offline: the events recompute to the digests, and the
platform signed the digest at each checkpoint. Checkpoints made before the digest existed are version 1
and keep verifying here with the audit key; they cannot be checked offline.
"""
import base64
import binascii
import logging

from flask import current_app
from sqlalchemy import event as orm_event
from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.core.extensions import db
from backend.core.live.signals import announce_on_commit
from backend.core.resources import audit_key, platform_ca
from backend.lib.attestation.errors import AttestationError
from backend.lib.attestation.statements import (
    certificate_sha256,
    checkpoint_statement,
    load_certificate,
    sign_statement,
    verify_statement,
)
from backend.lib.attestation.timestamps import read_timestamp, timestamp_token
from backend.lib.evidence import chain
from backend.models import AuditCheckpoint, AuditEvent, Meeting
from backend.models.base import utcnow
from backend.services import webhook_events

log = logging.getLogger("signstage.audit")
GENESIS = chain.GENESIS
SEALED_KINDS = chain.SEALED_KINDS  # booking, each signature and completion: sealed by the platform
# session.info key: checkpoints of the open transaction waiting for a timestamp once it commits.
_STAMPS = "signstage_audit_stamps"


def canonical_event(meeting_id, seq, kind, data, actor, ip, channel, created_at, prev_hash) -> bytes:
    """The bytes an event's link and digest cover (unchanged since the chain was plain SHA-256)."""
    return chain.canonical_event(meeting_id, seq, kind, data, actor, ip, channel, created_at.isoformat(), prev_hash)


def _canonical(row: AuditEvent) -> bytes:
    return canonical_event(row.meeting_id, row.seq, row.kind, row.data, row.actor, row.ip, row.channel,
                           row.created_at, row.prev_hash)


def record(meeting_id: str, kind: str, data: dict | None = None, *, actor: str | None = None,
           ip: str | None = None, channel: str | None = None, only_if=None) -> str | None:
    """Append an event in the current transaction (the caller commits); returns the event's hash.

    only_if: a SQL condition on the meeting, checked under the meeting row's lock; when it fails
    nothing is appended and the answer is None. A sealed kind also gets its checkpoint here.
    """
    # Bumping the sequence locks the meeting's row until commit: appends to one chain take turns.
    bump = (update(Meeting).where(Meeting.id == meeting_id).values(audit_seq=Meeting.audit_seq + 1)
            .returning(Meeting.audit_seq, Meeting.audit_head, Meeting.audit_digest)
            .execution_options(synchronize_session=False))
    if only_if is not None:
        bump = bump.where(only_if)
    row = db.session.execute(bump).one_or_none()
    if row is None:
        if only_if is None:
            raise LookupError(f"no meeting {meeting_id} to record {kind} for")
        return None
    seq, prev, prev_digest = row
    data = data or {}
    now = utcnow().replace(microsecond=0)
    canonical = canonical_event(meeting_id, seq, kind, data, actor, ip, channel, now, prev)
    link, digest = audit_key().link(canonical), chain.public_digest(prev_digest, canonical)
    db.session.add(AuditEvent(meeting_id=meeting_id, seq=seq, kind=kind, data=data, actor=actor, ip=ip,
                              channel=channel, created_at=now, prev_hash=prev, hash=link, digest=digest))
    db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(audit_head=link, audit_digest=digest)
                       .execution_options(synchronize_session=False))
    if kind in SEALED_KINDS:
        _seal(meeting_id, seq, link, digest, SEALED_KINDS[kind], now)
    webhook_events.on_audit_event(meeting_id, kind, data, now)  # its deliveries commit (or roll back) with it
    announce_on_commit(db.session, meeting_id)
    return link


def _seal(meeting_id: str, seq: int, head: str, digest: str, reason: str, now) -> None:
    # Signed in the event's own transaction: a committed signature never lacks its checkpoint.
    cred = platform_ca().platform_credential()
    statement = checkpoint_statement(meeting_id, seq, head, reason, now.isoformat(), digest)
    signature = sign_statement(cred.key_pem, statement)
    db.session.add(AuditCheckpoint(meeting_id=meeting_id, seq=seq, head=head, digest=digest, reason=reason,
                                   created_at=now, signature=base64.b64encode(signature).decode(),
                                   certificate_serial=cred.serial_hex, certificate_sha256=certificate_sha256(cred.cert_pem)))
    if current_app.config.get("TSA_URL"):
        db.session.info.setdefault(_STAMPS, []).append((meeting_id, seq, signature))


def _timestamper():
    from backend.lib.pdf.finish import timestamper_for

    return timestamper_for(platform_ca(), current_app.config["TSA_URL"])


def _stamp_after_commit(session) -> None:
    # The TSA round trip happens after commit: it must never hold the meeting's row lock (on SQLite,
    # the whole database's). A checkpoint whose timestamp failed stays valid, only unstamped.
    pending = session.info.pop(_STAMPS, None)
    if not pending:
        return
    try:
        stamper = _timestamper()
        for meeting_id, seq, signature in pending:
            token = base64.b64encode(timestamp_token(stamper, signature)).decode()
            with db.engine.begin() as conn:
                conn.execute(update(AuditCheckpoint).where(AuditCheckpoint.meeting_id == meeting_id,
                                                           AuditCheckpoint.seq == seq,
                                                           AuditCheckpoint.timestamp_token.is_(None))
                             .values(timestamp_token=token))
    except Exception as exc:  # the commit has happened: a failed timestamp must not turn it into an error
        log.warning("audit: checkpoint timestamp failed: %s", exc)


def _forget_stamps(session, previous_transaction) -> None:
    if not getattr(previous_transaction, "nested", False):
        session.info.pop(_STAMPS, None)


orm_event.listen(Session, "after_commit", _stamp_after_commit)
orm_event.listen(Session, "after_soft_rollback", _forget_stamps)


def events(meeting_id: str, after_id: int = 0) -> list[AuditEvent]:
    """The meeting's events with ids greater than after_id, oldest first."""
    return (AuditEvent.query.filter(AuditEvent.meeting_id == meeting_id, AuditEvent.id > after_id)
            .order_by(AuditEvent.id).all())


def _checkpoints(meeting_id: str) -> list[AuditCheckpoint]:
    return AuditCheckpoint.query.filter_by(meeting_id=meeting_id).order_by(AuditCheckpoint.seq).all()


def verify_chain(meeting_id: str) -> list[str]:
    """Check every link with the audit key and every checkpoint with the platform certificate.

    Returns the problems found (empty when intact), ordered by event: the first names the first bad event.
    """
    rows = AuditEvent.query.filter_by(meeting_id=meeting_id).order_by(AuditEvent.seq).all()
    found = _check_links(rows)
    meeting = db.session.get(Meeting, meeting_id)
    if meeting and rows and meeting.audit_head != rows[-1].hash:
        found.append((rows[-1].seq + 1, "the newest events were removed"))
    checkpoints = _checkpoints(meeting_id)
    found += _check_checkpoints(rows, checkpoints)
    sealed_upto = max((c.seq for c in checkpoints), default=0)
    # A checkpoint seals every event up to its own; a sealed kind after the last one lost its seal.
    found += [(r.seq, f"event {r.seq} ({r.kind}) has no platform checkpoint (its seal was removed)")
              for r in rows if r.kind in SEALED_KINDS and r.seq > sealed_upto]
    if meeting and meeting.booked_at and not checkpoints and not any(r.kind in SEALED_KINDS for r in rows):
        found.append((0, "the meeting is booked but no platform checkpoint seals its chain"))
    return [text for _seq, text in sorted(found, key=lambda p: p[0])]


def _check_links(rows: list[AuditEvent]) -> list[tuple[int, str]]:
    key, found, prev, prev_digest, expected, altered, undigested = audit_key(), [], GENESIS, GENESIS, 1, [], []
    for row in rows:
        if row.seq != expected:
            found.append((row.seq, f"event {expected} is missing (found seq {row.seq})"))
        if row.prev_hash != prev:
            found.append((row.seq, f"event {row.seq} ({row.kind}) does not follow the previous event"))
        canonical = _canonical(row)
        if not key.matches(canonical, row.hash):
            altered.append(row)
        if row.digest != chain.public_digest(prev_digest, canonical):
            undigested.append(row)
        # Each link is judged from the stored one before it: one bad event is reported once, not for the rest.
        prev, prev_digest, expected = row.hash, row.digest or "", row.seq + 1
    if altered:
        first = altered[0]
        found.append((first.seq, f"event {first.seq} ({first.kind}) was altered: its hash is not the audit key's"))
        if len(altered) > 1:
            found.append((altered[1].seq, f"{len(altered) - 1} later events fail the same check, "
                                          f"from event {altered[1].seq} ({altered[1].kind})"))
    if undigested:  # reported after a keyed failure of the same event: that one says more
        first = undigested[0]
        more = len(undigested) - 1
        found.append((first.seq, f"event {first.seq} ({first.kind}): its public digest does not recompute"
                                 + (f" ({more} later event{'s' if more > 1 else ''} neither)" if more else "")))
    return found


def _check_checkpoints(rows: list[AuditEvent], checkpoints: list[AuditCheckpoint]) -> list[tuple[int, str]]:
    by_seq, certs, found, last_good = {r.seq: r for r in rows}, {}, [], 0
    for cp in checkpoints:
        name = f"checkpoint at event {cp.seq} ({cp.reason}, {cp.created_at.isoformat()})"
        cert, signature = _platform_certificate(cp, certs), _b64(cp.signature)
        event = by_seq.get(cp.seq)
        if cert is None:
            found.append((cp.seq, f"{name}: certificate {cp.certificate_sha256[:16]}… is not the platform's"))
        elif signature is None or not verify_statement(cert, statement_of(cp), signature):
            found.append((cp.seq, f"{name}: the platform signature does not verify"))
        elif event is None:
            found.append((cp.seq, f"{name}: the sealed event {cp.seq} is missing"))
        elif event.hash != cp.head:
            found.append((cp.seq, f"event {cp.seq} ({event.kind}) differs from the head the platform sealed "
                                  f"({cp.reason}): events {last_good + 1}–{cp.seq} were rewritten"))
        elif cp.digest is not None and event.digest != cp.digest:
            found.append((cp.seq, f"event {cp.seq} ({event.kind}) differs from the digest the platform sealed "
                                  f"({cp.reason}): events {last_good + 1}–{cp.seq} were rewritten"))
        else:
            last_good = cp.seq
        if cp.timestamp_token and signature is not None and _timestamp_at(cp, signature) is None:
            found.append((cp.seq, f"{name}: the timestamp token does not cover its signature"))
    return found


def statement_of(cp: AuditCheckpoint) -> bytes:
    """The statement a checkpoint's signature covers (version 2 when it seals a digest)."""
    return checkpoint_statement(cp.meeting_id, cp.seq, cp.head, cp.reason, cp.created_at.isoformat(), cp.digest)


def _b64(value: str | None) -> bytes | None:
    try:
        return base64.b64decode(value or "", validate=True)
    except (binascii.Error, ValueError):
        return None


def _platform_certificate(cp: AuditCheckpoint, cache: dict) -> bytes | None:
    # The current platform certificate, or a renewed one's predecessor from the CA's own registry (on
    # disk, not in the database): never a certificate the database itself could supply.
    if cp.certificate_sha256 not in cache:
        ca = platform_ca()
        current = ca.platform_credential().cert_pem
        subject = load_certificate(current).subject
        candidates = (current, ca.issued_certificate(cp.certificate_serial or ""))
        cache[cp.certificate_sha256] = next(
            (pem for pem in candidates if pem and certificate_sha256(pem) == cp.certificate_sha256
             and load_certificate(pem).subject == subject), None)
    return cache[cp.certificate_sha256]


def _timestamp_at(cp: AuditCheckpoint, signature: bytes):
    token = _b64(cp.timestamp_token)
    try:
        return read_timestamp(token, signature) if token else None
    except AttestationError:
        return None


def checkpoints(meeting_id: str) -> list[dict]:
    """The meeting's checkpoints as plain values: each verifies with the platform certificate alone."""
    out = []
    for cp in _checkpoints(meeting_id):
        stamp = None
        if cp.timestamp_token:
            at = _timestamp_at(cp, _b64(cp.signature) or b"")
            stamp = {"token": cp.timestamp_token, "at": at.isoformat() if at else None}
        out.append({"seq": cp.seq, "v": 2 if cp.digest else 1, "head": cp.head, "digest": cp.digest,
                    "reason": cp.reason, "created_at": cp.created_at.isoformat(), "signature": cp.signature,
                    "certificate_sha256": cp.certificate_sha256, "timestamp": stamp})
    return out


def evidence_events(meeting_id: str) -> list[dict]:
    """Every event of the chain as an evidence package writes it: the fields its link and digest cover, both
    links, and the checkpoint that seals it (or None). See backend/lib/evidence for the format."""
    seals = {cp.seq: cp for cp in _checkpoints(meeting_id)}
    out, prev_digest = [], GENESIS
    for e in AuditEvent.query.filter_by(meeting_id=meeting_id).order_by(AuditEvent.seq).all():
        cp = seals.get(e.seq)
        out.append({"meeting_id": e.meeting_id, "seq": e.seq, "kind": e.kind, "data": e.data, "actor": e.actor,
                    "ip": e.ip, "channel": e.channel, "created_at": e.created_at.isoformat(),
                    "prev_hash": e.prev_hash, "hash": e.hash, "prev_digest": prev_digest, "digest": e.digest,
                    "checkpoint": None if cp is None else {
                        "v": 2 if cp.digest else 1, "seq": cp.seq, "reason": cp.reason, "created_at": cp.created_at.isoformat(),
                        "head": cp.head, "digest": cp.digest, "signature": cp.signature,
                        "certificate_sha256": cp.certificate_sha256, "certificate_serial": cp.certificate_serial,
                        "timestamp_token": cp.timestamp_token}})
        prev_digest = e.digest
    return out


def sealing_certificates(meeting_id: str) -> dict[str, bytes]:
    """PEM of each platform certificate that signed one of the meeting's checkpoints, by SHA-256 fingerprint."""
    found, cache = {}, {}
    for cp in _checkpoints(meeting_id):
        pem = _platform_certificate(cp, cache)
        if pem is not None:
            found[cp.certificate_sha256] = pem
    return found
