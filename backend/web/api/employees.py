"""The employee registry."""
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from backend.services import employees as service
from backend.web.api.formats import DocumentNumber, DocumentRules, IdCountry, IdType, Language, Phone, Words
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema

blp = Blueprint("employees", __name__, url_prefix="/api/employees", description="Employees")
LANGUAGE = "the employee's language (activation SMS, signer pages): zh, en, or null for the enterprise's"


class EmployeeIn(DocumentRules, InputSchema):
    name = Words(50, required=True)
    id_type = IdType(load_default="resident_id")
    id_number = DocumentNumber(required=True)
    id_country = IdCountry(load_default=None, allow_none=True)
    phone = Phone(required=True)
    language = Language(load_default=None, metadata={"description": LANGUAGE})


class EmployeePatch(InputSchema):
    name = Words(50)
    phone = Phone()
    status = fields.Str(validate=validate.OneOf(["active", "disabled", "invited"]))
    language = Language(metadata={"description": LANGUAGE})


class EmployeeOut(Schema):
    id = fields.Str()
    name = fields.Str()
    id_type = fields.Str()
    id_country = fields.Str(allow_none=True, metadata={"description": "passports: the issuing country"})
    id_number_masked = fields.Function(service.masked_id_number)
    phone_masked = fields.Function(service.masked_phone)
    status = fields.Str()
    language = fields.Str(allow_none=True, metadata={"description": LANGUAGE})
    invited_at = fields.DateTime(allow_none=True)
    activated_at = fields.DateTime(allow_none=True)


class EmployeePage(Schema):
    items = fields.List(fields.Nested(EmployeeOut))
    total = fields.Int()
    page = fields.Int()


class ListQuery(InputSchema):
    q = fields.Str(load_default="", validate=validate.Length(max=50))
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100000))


class ImportIn(InputSchema):
    file = Upload(required=True)


class ImportOut(Schema):
    created = fields.Int()
    errors = fields.List(fields.Dict())


@blp.route("", methods=["POST"])
@blp.arguments(EmployeeIn)
@blp.response(201, EmployeeOut)
def create(body):
    """Register an employee (name, identity document, mobile phone)."""
    return service.create_employee(current_actor(), body["name"], body["id_number"], body["phone"],
                                   body["id_type"], body["id_country"], body["language"])


@blp.route("", methods=["GET"])
@blp.arguments(ListQuery, location="query")
@blp.response(200, EmployeePage)
def index(query):
    """Search by name, or exactly by phone or ID number; 20 a page."""
    items, total = service.list_employees(current_actor(), query["q"], query["page"])
    return {"items": items, "total": total, "page": query["page"]}


@blp.route("/<employee_id>", methods=["GET"])
@blp.response(200, EmployeeOut)
def show(employee_id):
    """One employee."""
    return service.get_employee(current_actor(), employee_id)


@blp.route("/<employee_id>", methods=["PATCH"])
@blp.arguments(EmployeePatch)
@blp.response(200, EmployeeOut)
def update(body, employee_id):
    """Edit an employee's name, phone or language, or disable them."""
    return service.update_employee(current_actor(), employee_id, body)


@blp.route("/<employee_id>/invite", methods=["POST"])
@blp.response(200, EmployeeOut)
def invite(employee_id):
    """Text the employee an activation link."""
    return service.invite_employee(current_actor(), employee_id)


@blp.route("/import", methods=["POST"])
@blp.arguments(ImportIn, location="files")
@blp.response(200, ImportOut)
def import_csv(files):
    """Import a CSV of name,id_number,phone[,id_type[,id_country]] (UTF-8 or GBK); bad lines are reported."""
    return service.import_employees(current_actor(), files["file"].read())
