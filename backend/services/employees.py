"""The employee registry: who may sign for an enterprise."""
import csv
import io

from flask import current_app
from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.languages import LANGUAGES
from backend.core.resources import cipher
from backend.core.security.tokens import new_token, token_digest
from backend.core.text import first_control_line
from backend.lib.identity import documents, mobile
from backend.models import AdminUser, Employee, Enterprise
from backend.models.base import utcnow
from backend.services import outbox
from backend.services.accounts import require_role
from backend.services.otp import consume_code, send_code

PAGE_SIZE = 20
LANGUAGE_RULE = _l("语言应为 zh 或 en")


def document_problems(id_type: str, id_number: str | None, id_country: str | None) -> dict:
    """An identity document's refusals as field errors, each naming the rule it breaks."""
    return {field: [_l(msg)] for field, msg in documents.problems(id_type, id_number, id_country).items()}


def phone_problems(phone: str | None) -> dict:
    """A phone's refusal as a field error: a mainland mobile, or a mobile in E.164."""
    msg = mobile.problem(phone or "")
    return {"phone": [_l(msg)]} if msg else {}


def document_lookup(id_type: str, id_number: str, id_country: str | None = None) -> str:
    """The HMAC that finds a document of this kind (and country) with this number."""
    return cipher().lookup(documents.lookup_key(id_type, id_number, id_country))


def _check(name: str, id_type: str, id_number: str, id_country: str | None, phone: str) -> dict:
    fields = {}
    if not name.strip() or len(name.strip()) > 50:
        fields["name"] = [_l("请填写姓名")]
    return {**fields, **document_problems(id_type, id_number, id_country), **phone_problems(phone)}


def _scoped(actor: AdminUser, employee_id: str) -> Employee:
    employee = db.session.get(Employee, employee_id)
    if not employee or employee.enterprise_id != actor.enterprise_id:
        raise NotFound(_l("员工不存在"))
    return employee


def _duplicate(enterprise_id: str, id_hmac: str, exclude: str | None = None) -> bool:
    query = Employee.query.filter_by(enterprise_id=enterprise_id, id_number_hmac=id_hmac)
    if exclude:
        query = query.filter(Employee.id != exclude)
    return db.session.query(query.exists()).scalar()


def _build(enterprise_id: str, name: str, id_number: str, phone: str, id_type: str = documents.RESIDENT_ID,
           id_country: str | None = None) -> Employee:
    fields = _check(name, id_type, id_number, id_country, phone)
    if fields:
        raise ValidationFailed(_l("员工信息有误"), fields=fields)
    id_country = documents.country(id_type, id_country)
    id_number, phone = documents.normalize(id_type, id_number), mobile.normalize(phone)
    c = cipher()
    id_hmac = document_lookup(id_type, id_number, id_country)
    if _duplicate(enterprise_id, id_hmac):
        if id_type == documents.RESIDENT_ID:
            raise ValidationFailed(_l("该身份证号码已登记"), code="duplicate",
                                   fields={"id_number": [_l("该身份证号码已登记")]})
        raise ValidationFailed(_l("该证件号码已登记"), code="duplicate",
                               fields={"id_number": [_l("该证件号码已在本企业登记")]})
    return Employee(enterprise_id=enterprise_id, name=name.strip(), id_type=id_type, id_country=id_country,
                    id_number_enc=c.encrypt(id_number), id_number_hmac=id_hmac, phone_enc=c.encrypt(phone),
                    phone_hmac=c.lookup(phone))


def create_employee(actor: AdminUser, name: str, id_number: str, phone: str, id_type: str = documents.RESIDENT_ID,
                    id_country: str | None = None, language: str | None = None) -> Employee:
    """Register one employee of the actor's enterprise, with a document of any kind (a mainland ID by default)
    and a language (None: the enterprise's)."""
    require_role(actor, "admin")
    _check_language(language)
    employee = _build(actor.enterprise_id, name, id_number, phone, id_type, id_country)
    employee.language = language
    db.session.add(employee)
    db.session.commit()
    return employee


def _check_language(language: str | None) -> None:
    if language is not None and language not in LANGUAGES:
        raise ValidationFailed(_l("员工信息有误"), fields={"language": [LANGUAGE_RULE]})


def update_employee(actor: AdminUser, employee_id: str, changes: dict) -> Employee:
    """Edit name, phone, language (None: the enterprise's) or status; a changed phone must be activated again."""
    require_role(actor, "admin")
    employee = _scoped(actor, employee_id)
    _check_language(changes.get("language"))
    fields = {}
    if "name" in changes and not (changes["name"] or "").strip():
        fields["name"] = [_l("请填写姓名")]
    if "phone" in changes:
        fields.update(phone_problems(changes["phone"]))
    if changes.get("status") not in (None, "active", "disabled", "invited"):
        fields["status"] = [_l("状态无效")]
    if fields:
        raise ValidationFailed(_l("员工信息有误"), fields=fields)
    if "name" in changes:
        employee.name = changes["name"].strip()
    if "language" in changes:
        employee.language = changes["language"]
    if "phone" in changes:
        phone = mobile.normalize(changes["phone"])
        if cipher().lookup(phone) != employee.phone_hmac:
            employee.phone_enc, employee.phone_hmac = cipher().encrypt(phone), cipher().lookup(phone)
            if employee.status == "active":
                employee.status = "invited"
    if changes.get("status") == "disabled":
        employee.status = "disabled"
    elif changes.get("status") in ("active", "invited") and employee.status == "disabled":
        employee.status = "active" if employee.activated_at else "invited"
    db.session.commit()
    return employee


def list_employees(actor: AdminUser, q: str = "", page: int = 1) -> tuple[list[Employee], int]:
    """Search by name fragment, or exactly by phone or ID number."""
    require_role(actor, "admin", "organizer")
    query = Employee.query.filter_by(enterprise_id=actor.enterprise_id)
    q = (q or "").strip()
    if q:
        # A passport's lookup needs its country, which a search box does not give: every other kind is tried.
        documents_found = [document_lookup(kind, q) for kind in documents.ID_TYPES if kind != "passport"]
        query = query.filter(db.or_(Employee.name.contains(q), Employee.id_number_hmac.in_(documents_found),
                                    Employee.phone_hmac == cipher().lookup(mobile.normalize(q))))
    total = query.count()
    items = query.order_by(Employee.created_at, Employee.id).offset((max(page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE).all()
    return items, total


def assignable_employees(actor: AdminUser) -> list[Employee]:
    """Every employee of the actor's enterprise who is not disabled (for grant pickers)."""
    require_role(actor, "admin", "organizer")
    return (Employee.query.filter(Employee.enterprise_id == actor.enterprise_id, Employee.status != "disabled")
            .order_by(Employee.name).all())


def get_employee(actor: AdminUser, employee_id: str) -> Employee:
    """One employee of the actor's enterprise."""
    require_role(actor, "admin", "organizer")
    return _scoped(actor, employee_id)


def _decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Excel in mainland China saves CSV as GBK (GB18030 is its superset).
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ValidationFailed(_l("无法识别文件编码，请使用UTF-8或GBK"),
                               fields={"file": [_l("无法识别文件编码")]}) from None


COLUMNS_MESSAGE = _l("每行应为：姓名,证件号码,手机号[,证件类型[,签发国家或地区]]")


def import_employees(actor: AdminUser, data: bytes) -> dict:
    """Import name,id_number,phone[,id_type[,id_country]] lines: the good ones are created, each bad one reported."""
    require_role(actor, "admin")
    text = _decode_csv(data)
    if (bad := first_control_line(text)):
        message = _l("第%(line)s行含有控制字符", line=bad)
        raise ValidationFailed(message, fields={"file": [message]})
    created, errors, seen = 0, [], set()
    for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if line_no == 1 and row[0].strip().lower() in ("name", "姓名"):  # i18n: data (a header row in either language)
            continue
        if not 3 <= len(row) <= 5:
            errors.append({"line": line_no, "fields": {"line": [COLUMNS_MESSAGE]}})
            continue
        # The optional 4th and 5th columns: the document kind (empty: a mainland ID) and a passport's country.
        name, id_number, phone, id_type, id_country = (cell.strip() for cell in [*row, "", ""][:5])
        try:
            employee = _build(actor.enterprise_id, name, id_number, phone, id_type or documents.RESIDENT_ID,
                              id_country or None)
        except ValidationFailed as exc:
            errors.append({"line": line_no, "fields": exc.fields})
            continue
        if employee.id_number_hmac in seen:
            errors.append({"line": line_no, "fields": {"id_number": [_l("文件中重复")]}})
            continue
        seen.add(employee.id_number_hmac)
        db.session.add(employee)
        created += 1
    db.session.commit()
    return {"created": created, "errors": errors}


def invite_employee(actor: AdminUser, employee_id: str) -> Employee:
    """Send the activation link by SMS to the registered phone."""
    require_role(actor, "admin")
    employee = _scoped(actor, employee_id)
    if employee.status != "invited":
        raise Conflict(_l("该员工无需激活"))
    token = new_token()
    employee.activation_token_hash = token_digest(token)
    employee.invited_at = utcnow()
    link = f"{current_app.config['PUBLIC_BASE_URL']}/h5/activate/{token}"
    outbox.enqueue(cipher().decrypt(employee.phone_enc), "activation",
                   {"enterprise": employee.enterprise.name, "link": link}, language=_language_of(employee),
                   employee_id=employee.id)
    db.session.commit()
    outbox.deliver_due()
    return employee


def employee_for_activation(token: str) -> Employee:
    """The invited employee behind an activation link."""
    employee = Employee.query.filter_by(activation_token_hash=token_digest(token)).first()
    if not employee or employee.status != "invited":
        raise NotFound(_l("激活链接无效或已使用"))
    return employee


def _language_of(employee: Employee) -> str:
    # An employee's messages (activation link, its codes) in their own language, else their enterprise's.
    return employee.language or employee.enterprise.language


def _link_of(employee: Employee) -> str:
    # Codes belong to one activation link: a new invitation starts with no codes and fresh quotas.
    return f"link:{employee.activation_token_hash[:32]}"


def send_activation_code(token: str) -> None:
    """Text a one-time code to the employee's registered phone."""
    employee = employee_for_activation(token)
    send_code("activation", employee.id, cipher().decrypt(employee.phone_enc), requester=_link_of(employee),
              language=_language_of(employee), employee_id=employee.id)
    db.session.commit()
    outbox.deliver_due()


def activate(token: str, code: str) -> Employee:
    """Prove the phone with the code and become active."""
    employee = employee_for_activation(token)
    if not consume_code("activation", employee.id, code, requester=_link_of(employee)):
        db.session.commit()
        raise ValidationFailed(_l("验证码错误或已过期"), code="wrong_code",
                               fields={"sms_code": [_l("验证码错误或已过期")]})
    employee.status, employee.activated_at, employee.activation_token_hash = "active", utcnow(), None
    db.session.commit()
    return employee


def enterprise_of(actor: AdminUser) -> Enterprise:
    """The actor's enterprise."""
    return db.session.get(Enterprise, actor.enterprise_id)


def masked_id_number(row) -> str:
    """The masked document number of an employee or participant, masked as its kind is."""
    return documents.mask(row.id_type, cipher().decrypt(row.id_number_enc)) if row.id_number_enc else ""


def masked_phone(row) -> str:
    """The masked phone of an employee or participant."""
    return mobile.mask(cipher().decrypt(row.phone_enc))
