"""Enterprises and the strategic-signing whitelist."""
from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import cipher
from backend.lib.identity import credit_code, mobile
from backend.models import AdminUser, Enterprise
from backend.models.base import utcnow
from backend.services.accounts import create_user, require_role


def create_enterprise(actor: AdminUser, name: str, code: str, admin_username: str,
                      admin_password: str, language: str = "zh") -> Enterprise:
    """The operator onboards an enterprise with its first admin."""
    require_role(actor, "operator")
    name, code = name.strip(), code.strip().upper()
    fields = {}
    if not name:
        fields["name"] = [_l("请填写企业名称")]
    if (msg := credit_code.problem(code)):
        fields["credit_code"] = [_l(msg)]  # the library's msgid, in the request's language
    if fields:
        raise ValidationFailed(_l("企业信息有误"), fields=fields)
    if Enterprise.query.filter_by(name=name).first():
        raise ValidationFailed(_l("企业名称已存在"), code="duplicate",
                               fields={"name": [_l("企业名称已存在")]})
    if Enterprise.query.filter_by(credit_code=code).first():
        raise ValidationFailed(_l("统一社会信用代码已存在"), code="duplicate",
                               fields={"credit_code": [_l("统一社会信用代码已存在")]})
    enterprise = Enterprise(name=name, credit_code=code, language=language)
    db.session.add(enterprise)
    db.session.flush()
    try:
        create_user(admin_username, admin_password, "admin", enterprise.id)
    except ValidationFailed as exc:
        db.session.rollback()
        exc.fields = {f"admin.{k}": v for k, v in exc.fields.items()}
        raise
    db.session.commit()
    return enterprise


def get_enterprise(actor: AdminUser, enterprise_id: str) -> Enterprise:
    """An operator sees every enterprise, an admin or organizer only their own."""
    enterprise = db.session.get(Enterprise, enterprise_id)
    if not enterprise or (actor.role != "operator" and actor.enterprise_id != enterprise_id):
        raise NotFound(_l("企业不存在"))
    return enterprise


def choose_language(actor: AdminUser, enterprise_id: str, language: str) -> Enterprise:
    """Set the enterprise's language, the default of its employees and participants (operator or its admin)."""
    require_role(actor, "operator", "admin")
    enterprise = get_enterprise(actor, enterprise_id)
    enterprise.language = language
    db.session.commit()
    return enterprise


def list_enterprises(actor: AdminUser, status: str | None = None) -> list[Enterprise]:
    """The operator's list, optionally the approval queue (status=pending)."""
    require_role(actor, "operator")
    query = Enterprise.query.order_by(Enterprise.created_at)
    if status:
        query = query.filter_by(signing_status=status)
    return query.all()


def apply_for_signing(actor: AdminUser, enterprise_id: str, contact_name: str, contact_phone: str) -> Enterprise:
    """The enterprise admin applies for the strategic-signing capability."""
    enterprise = get_enterprise(actor, enterprise_id)
    require_role(actor, "admin")
    fields = {}
    if not contact_name.strip():
        fields["contact_name"] = [_l("请填写联系人")]
    if (msg := mobile.problem(contact_phone)):
        fields["contact_phone"] = [_l(msg)]
    if fields:
        raise ValidationFailed(_l("申请信息有误"), fields=fields)
    if enterprise.signing_status in ("pending", "approved"):
        raise Conflict(_l("已提交申请，当前状态：%(status)s", status=enterprise.signing_status))
    enterprise.signing_status = "pending"
    enterprise.signing_contact_name = contact_name.strip()
    enterprise.signing_contact_phone_enc = cipher().encrypt(mobile.normalize(contact_phone))
    enterprise.signing_applied_at = utcnow()
    enterprise.signing_reason = None
    db.session.commit()
    return enterprise


def decide_signing(actor: AdminUser, enterprise_id: str, approve: bool, reason: str | None) -> Enterprise:
    """The operator approves or rejects an application."""
    require_role(actor, "operator")
    enterprise = get_enterprise(actor, enterprise_id)
    if enterprise.signing_status != "pending":
        raise Conflict(_l("该企业没有待审批的申请"))
    if not approve and not (reason or "").strip():
        raise ValidationFailed(_l("驳回时请填写原因"),
                               fields={"reason": [_l("驳回时请填写原因")]})
    enterprise.signing_status = "approved" if approve else "rejected"
    enterprise.signing_reason = (reason or "").strip() or None
    enterprise.signing_decided_at = utcnow()
    db.session.commit()
    return enterprise


def require_signing_approved(actor: AdminUser) -> Enterprise:
    """Refuse meeting work for enterprises not approved for strategic signing."""
    require_role(actor, "admin", "organizer")
    enterprise = db.session.get(Enterprise, actor.enterprise_id)
    if enterprise.signing_status != "approved":
        raise Forbidden(_l("贵企业尚未开通战略签约功能，请先申请并等待平台审批"), code="signing_not_approved")

    return enterprise
