"""Counterparties: the organizer invites an enterprise, whose admin names its signers from its own registry."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.lib.identity import credit_code
from backend.services import counterparties as service
from backend.services import participants
from backend.services.employees import masked_id_number, masked_phone
from backend.web.api.meetings import CounterpartyOut
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema

blp = Blueprint("counterparties", __name__, url_prefix="/api", description="Counterparties naming their signers")


class SearchQuery(InputSchema):
    q = fields.Str(required=True, validate=validate.Length(min=2, max=100),
                   metadata={"description": "a fragment of the enterprise's name, or its whole credit code"})


class CandidateOut(Schema):
    id = fields.Str()
    name = fields.Str()
    credit_code_masked = fields.Function(lambda e: credit_code.mask(e.credit_code))
    signing_approved = fields.Function(lambda e: e.signing_status == "approved",
                                       metadata={"description": "only approved enterprises can be invited"})


class InviteIn(InputSchema):
    enterprise_id = fields.Str(required=True, validate=validate.Length(min=1, max=32))


class NominateIn(InputSchema):
    role = fields.Str(required=True, validate=validate.OneOf(service.NOMINEE_ROLES))
    employee_id = fields.Str(required=True, validate=validate.Length(min=1, max=32),
                             metadata={"description": "an employee of your enterprise (GET /api/employees?q=)"})


class NomineeOut(Schema):
    id = fields.Str()
    role = fields.Str()
    name = fields.Str()
    employee_id = fields.Str(allow_none=True)
    id_type = fields.Str()
    id_country = fields.Str(allow_none=True)
    id_number_masked = fields.Function(masked_id_number)
    phone_masked = fields.Function(masked_phone)
    match_status = fields.Function(participants.match_status)
    status = fields.Str()


class InvitedMeetingOut(Schema):
    name = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    status = fields.Str()
    organizer = fields.Function(lambda m: m.enterprise.name, metadata={"description": "the inviting enterprise"})


class InvitationOut(Schema):
    id = fields.Str()
    status = fields.Function(service.status, metadata={"description": "waiting (no signer named yet) or named"})
    editable = fields.Function(service.editable, metadata={"description": "signers can still be named (draft)"})
    invited_at = fields.DateTime()
    meeting = fields.Nested(InvitedMeetingOut)
    participants = fields.List(fields.Nested(NomineeOut), metadata={"description": "the people you named"})


@blp.route("/enterprises/search", methods=["GET"])
@blp.arguments(SearchQuery, location="query")
@blp.response(200, CandidateOut(many=True))
def search(query):
    """Enterprises to invite as counterparty: name fragment or exact credit code; at most 10, never your own."""
    return service.search_enterprises(current_actor(), query["q"])


@blp.route("/meetings/<meeting_id>/counterparties", methods=["GET"])
@blp.response(200, CounterpartyOut(many=True))
def index(meeting_id):
    """The counterparties invited to a meeting, and whether each has named its signers."""
    return service.list_for_meeting(current_actor(), meeting_id)


@blp.route("/meetings/<meeting_id>/counterparties", methods=["POST"])
@blp.arguments(InviteIn)
@blp.response(201, CounterpartyOut)
def invite(body, meeting_id):
    """Invite an approved enterprise (draft meetings): its contact gets an SMS, its admin a task."""
    return service.invite(current_actor(), meeting_id, body["enterprise_id"])


@blp.route("/meetings/<meeting_id>/counterparties/<counterparty_id>", methods=["DELETE"])
@blp.response(204)
def withdraw(meeting_id, counterparty_id):
    """Withdraw an invitation (draft only); the people it named are removed."""
    service.withdraw(current_actor(), meeting_id, counterparty_id)


@blp.route("/counterparty-invitations", methods=["GET"])
@blp.response(200, InvitationOut(many=True))
def invitations():
    """The invitations of your enterprise (enterprise admin): meetings to name signers for."""
    return service.invitations(current_actor())


@blp.route("/counterparty-invitations/<counterparty_id>", methods=["GET"])
@blp.response(200, InvitationOut)
def invitation(counterparty_id):
    """One invitation with the people you named."""
    return service.get_invitation(current_actor(), counterparty_id)


@blp.route("/counterparty-invitations/<counterparty_id>/participants", methods=["POST"])
@blp.arguments(NominateIn)
@blp.response(201, NomineeOut)
def nominate(body, counterparty_id):
    """Name an employee of yours as signer (draft only) or observer (until the start)."""
    return service.nominate(current_actor(), counterparty_id, body["employee_id"], body["role"])


@blp.route("/counterparty-invitations/<counterparty_id>/participants/<participant_id>", methods=["DELETE"])
@blp.response(204)
def withdraw_nominee(counterparty_id, participant_id):
    """Take back someone you named (draft only)."""
    service.withdraw_nominee(current_actor(), counterparty_id, participant_id)
