"""Seals (uploaded or generated) and who may use them."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_

from backend.core.errors import Conflict, NotFound, TooLarge, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import files
from backend.lib.imaging.errors import ImageError
from backend.lib.imaging.seal import generate_seal_png, normalize_uploaded_seal
from backend.models import AdminUser, Enterprise, Seal, SealGrant
from backend.models.base import utcnow
from backend.models.enterprise import SEAL_KINDS
from backend.services.accounts import require_role
from backend.services.employees import _scoped as scoped_employee
from backend.services.library_errors import translated


def image_error(exc: ImageError, field: str):
    """Turn an imaging error into the web's error, naming the field."""
    cls = TooLarge if exc.code == "image_too_large" else ValidationFailed
    message = translated(exc)

    return cls(message, code=exc.code, fields={field: [message]})


def _check_kind(enterprise_id: str, name: str, kind: str) -> None:
    fields = {}
    if kind not in SEAL_KINDS:
        fields["kind"] = [_l("印章类型应为 %(kinds)s", kinds=", ".join(SEAL_KINDS))]

    if not name.strip() or len(name.strip()) > 50:
        fields["name"] = [_l("请填写印章名称")]
    if fields:
        raise ValidationFailed(_l("印章信息有误"), fields=fields)
    if kind == "official" and Seal.query.filter_by(enterprise_id=enterprise_id, kind="official", active=True).first():
        raise Conflict(_l("每个企业只能有一枚公章"), code="official_seal_exists")


def _save(enterprise_id: str, name: str, kind: str, png: bytes, source: str) -> Seal:
    seal = Seal(enterprise_id=enterprise_id, name=name.strip(), kind=kind, source=source,
                image_key=files().put(png, prefix="seals", suffix=".png"))
    db.session.add(seal)
    db.session.commit()
    return seal


def upload_seal(actor: AdminUser, name: str, kind: str, image: bytes) -> Seal:
    """Store an uploaded PNG/JPEG seal as a transparent PNG."""
    require_role(actor, "admin")
    _check_kind(actor.enterprise_id, name, kind)
    try:
        png = normalize_uploaded_seal(image)
    except ImageError as exc:
        raise image_error(exc, "image") from None
    return _save(actor.enterprise_id, name, kind, png, "uploaded")


def generate_seal(actor: AdminUser, name: str, kind: str) -> Seal:
    """Draw the standard round red seal from the enterprise's legal name."""
    require_role(actor, "admin")
    _check_kind(actor.enterprise_id, name, kind)
    enterprise = db.session.get(Enterprise, actor.enterprise_id)
    # The bottom line is the kind's standard wording (合同专用章…): the seal's text, Chinese in every language.
    png = generate_seal_png(enterprise.name, "", kind=kind)
    return _save(actor.enterprise_id, name, kind, png, "generated")


def list_seals(actor: AdminUser) -> list[Seal]:
    """The active seals of the actor's enterprise."""
    require_role(actor, "admin", "organizer")
    return Seal.query.filter_by(enterprise_id=actor.enterprise_id, active=True).order_by(Seal.created_at).all()


def get_seal(actor: AdminUser, seal_id: str) -> Seal:
    """One active seal of the actor's enterprise (404 for any other, and once retired)."""
    seal = db.session.get(Seal, seal_id)
    # A retired seal is gone: its image, its grants and new grants stop with it. Signatures
    # made with it keep showing it on their own screens (backend/web/screen/media.py).
    if not seal or seal.enterprise_id != actor.enterprise_id or not seal.active:
        raise NotFound(_l("印章不存在"))
    return seal


def deactivate_seal(actor: AdminUser, seal_id: str) -> Seal:
    """Retire a seal; its grants stop working."""
    require_role(actor, "admin")
    seal = get_seal(actor, seal_id)
    seal.active = False
    db.session.commit()
    return seal


def grant_seal(actor: AdminUser, seal_id: str, employee_id: str, expires_at: datetime | None = None) -> SealGrant:
    """Let an employee of the same enterprise use a seal, optionally until a time."""
    require_role(actor, "admin")
    seal = get_seal(actor, seal_id)
    employee = scoped_employee(actor, employee_id)
    if expires_at and expires_at <= utcnow():
        raise ValidationFailed(_l("授权截止时间必须晚于现在"),
                               fields={"expires_at": [_l("必须晚于现在")]})
    existing = active_grant(seal.id, employee.id)
    if existing:
        raise Conflict(_l("该员工已获此印章授权"), code="already_granted")
    grant = SealGrant(seal_id=seal.id, employee_id=employee.id, expires_at=expires_at)
    db.session.add(grant)
    db.session.commit()
    return grant


def list_grants(actor: AdminUser, seal_id: str) -> list[SealGrant]:
    """The live grants of a seal."""
    seal = get_seal(actor, seal_id)
    return SealGrant.query.join(Seal).filter(SealGrant.seal_id == seal.id, _live(utcnow())).all()


def revoke_grant(actor: AdminUser, seal_id: str, grant_id: str) -> SealGrant:
    """Withdraw a grant."""
    require_role(actor, "admin")
    seal = get_seal(actor, seal_id)
    grant = db.session.get(SealGrant, grant_id)
    if not grant or grant.seal_id != seal.id:
        raise NotFound(_l("授权不存在"))
    grant.revoked_at = grant.revoked_at or utcnow()
    db.session.commit()
    return grant


def _live(now):
    """SQL: a grant not revoked, not expired, of an active seal (the query joins Seal)."""
    return and_(SealGrant.revoked_at.is_(None), or_(SealGrant.expires_at.is_(None), SealGrant.expires_at > now),
                Seal.active.is_(True))


def active_grant(seal_id: str, employee_id: str) -> SealGrant | None:
    """The employee's unexpired, unrevoked grant of a seal, if any."""
    return (SealGrant.query.join(Seal)
            .filter(SealGrant.seal_id == seal_id, SealGrant.employee_id == employee_id, _live(utcnow())).first())


def usable_seals(employee_id: str) -> list[Seal]:
    """Every active seal the employee holds a live grant for."""
    return (Seal.query.join(SealGrant, SealGrant.seal_id == Seal.id)
            .filter(SealGrant.employee_id == employee_id, _live(utcnow()))
            .order_by(Seal.created_at).distinct().all())


def enterprise_seals(employee_id: str, enterprise_id: str | None) -> list[Seal]:
    """The seals of this enterprise the employee may use now: what a signer chooses from."""
    return [s for s in usable_seals(employee_id) if s.enterprise_id == enterprise_id]
