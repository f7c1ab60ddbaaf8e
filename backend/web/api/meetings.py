"""Booking a signing meeting: meetings, participants, documents, checks, book (the layout: layouts.py)."""
from flask_babel import gettext as _
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from backend.lib.identity import credit_code, person_name
from backend.models import Notification
from backend.models.meeting import MEETING_STATUSES
from backend.models.status import meeting_phase
from backend.services import (
    booking,
    clones,
    counterparties,
    documents,
    exports,
    links,
    meetings,
    participants,
    reopening,
)
from backend.services.employees import masked_id_number, masked_phone
from backend.web.api.formats import (
    DocumentNumber,
    DocumentRules,
    HttpsUrl,
    IdCountry,
    IdType,
    Language,
    Phone,
    ScreenLanguage,
    StoredMessage,
    Words,
)
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema
from backend.web.responses import CSV_RESPONSE, attachment

blp = Blueprint("meetings", __name__, url_prefix="/api/meetings", description="Signing meetings")

STARTS_AT = "start: an ISO 8601 time with offset, in the future"
ENDS_AT = "end: after starts_at, at most 24 hours later"
VIDEO_URL = "the video meeting's https link; every notice carries it; null: none"
TITLE = "job title, shown under the name on the big screen"
SCREEN_LANGUAGE = "the big screen's, audit trail's and poster's language: zh, en or bilingual (both, stacked)"
PARTICIPANT_LANGUAGE = "their SMS and signer pages: zh or en (default: the employee's, else their enterprise's)"
NAME_SEARCH = "name contains, any case"
REHEARSAL = ("a rehearsal: the whole ceremony, but its PDFs are watermarked and signed by the rehearsal certificate, "
             "and it makes no contract; fixed once booked")
TYPED = ("signers may type their name instead of drawing it; the server draws it in a handwriting font; "
         "the name must be the registered one")


class MeetingIn(InputSchema):
    name = Words(60, required=True)
    starts_at = fields.AwareDateTime(required=True, metadata={"description": STARTS_AT})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": ENDS_AT})
    video_url = HttpsUrl(load_default=None, allow_none=True, metadata={"description": VIDEO_URL})
    rehearsal = fields.Bool(load_default=False, metadata={"description": REHEARSAL})
    screen_language = ScreenLanguage(load_default="zh")
    allow_typed_signature = fields.Bool(load_default=False, metadata={"description": TYPED})


class MeetingPatch(InputSchema):
    name = Words(60)
    starts_at = fields.AwareDateTime(metadata={"description": STARTS_AT})
    ends_at = fields.AwareDateTime(metadata={"description": ENDS_AT})
    video_url = HttpsUrl(allow_none=True, metadata={"description": VIDEO_URL})
    rehearsal = fields.Bool(metadata={"description": REHEARSAL})
    screen_language = ScreenLanguage()
    allow_typed_signature = fields.Bool(metadata={"description": TYPED})


class CloneIn(InputSchema):
    starts_at = fields.AwareDateTime(required=True, metadata={"description": STARTS_AT})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": ENDS_AT})
    name = Words(60, metadata={"description": "the new meeting's name (default: the original's)"})


class ParticipantIn(DocumentRules, InputSchema):
    role = fields.Str(required=True, validate=validate.OneOf(participants.ROLES))
    name = Words(50, required=True)
    id_type = IdType(load_default="resident_id")
    id_number = DocumentNumber(load_default=None, allow_none=True, metadata={"description": "signers: required"})
    id_country = IdCountry(load_default=None, allow_none=True)
    phone = Phone(required=True)
    enterprise_name = fields.Str(load_default="", validate=validate.Length(max=100),
                                 metadata={"description": "signers and observers: required"})
    title = Words(50, load_default=None, allow_none=True, metadata={"description": TITLE})
    language = Language(load_default=None, metadata={"description": PARTICIPANT_LANGUAGE})


class RegistryPick(InputSchema):
    role = fields.Str(required=True, validate=validate.OneOf(participants.ROLES))
    employee_id = fields.Str(required=True, validate=validate.Length(min=1, max=32),
                             metadata={"description": "an employee of your enterprise (GET /api/employees?q=)"})
    language = Language(load_default=None, metadata={"description": PARTICIPANT_LANGUAGE})


class ParticipantPatch(InputSchema):
    name = Words(50)
    id_type = IdType()
    id_number = DocumentNumber()
    id_country = IdCountry(allow_none=True)
    phone = Phone()
    enterprise_name = fields.Str(validate=validate.Length(max=100))
    role = fields.Str(validate=validate.OneOf(participants.ROLES))
    title = Words(50, allow_none=True, metadata={"description": TITLE + "; null: none"})
    language = Language(allow_none=False, metadata={"description": PARTICIPANT_LANGUAGE})


class ParticipantOut(Schema):
    id = fields.Str()
    role = fields.Str()
    name = fields.Function(participants.shown_name, metadata={"description": "masked when a counterparty named them"})
    name_masked = fields.Function(lambda p: person_name.mask(p.name))
    title = fields.Str(allow_none=True, metadata={"description": TITLE})
    language = fields.Str(metadata={"description": PARTICIPANT_LANGUAGE})
    id_type = fields.Str()
    id_country = fields.Str(allow_none=True, metadata={"description": "passports: the issuing country"})
    id_number_masked = fields.Function(masked_id_number)
    phone_masked = fields.Function(masked_phone)
    enterprise_name = fields.Str()
    enterprise_id = fields.Str(allow_none=True)
    counterparty_id = fields.Str(allow_none=True, metadata={"description": "set when that counterparty's admin "
                                                                           "named them: only they change them"})
    match_status = fields.Function(participants.match_status)
    match_problem = fields.Function(participants.match_problem, allow_none=True, metadata={
        "description": "why a host or signer is unmatched: enterprise_unregistered, enterprise_not_approved "
                       "or person_unmatched (never which field of the person differs)"})
    status = fields.Str()
    signed_at = fields.DateTime(allow_none=True)
    declined_at = fields.DateTime(allow_none=True)
    decline_reason = fields.Str(allow_none=True)


class ControlOut(Schema):
    id = fields.Str()
    page = fields.Int()
    x = fields.Float()
    y = fields.Float()
    w = fields.Float()
    h = fields.Float()
    kind = fields.Str()
    participant_id = fields.Str()


class PageOut(Schema):
    width = fields.Float()
    height = fields.Float()


class DocumentOut(Schema):
    id = fields.Str()
    filename = fields.Str()
    sha256 = fields.Str()
    page_count = fields.Int()
    pages = fields.List(fields.Nested(PageOut))
    controls = fields.List(fields.Nested(ControlOut))


class NotificationOut(Schema):
    id = fields.Str()
    participant_id = fields.Str(allow_none=True)
    template = fields.Str()
    to_masked = fields.Str()
    status = fields.Str()
    attempts = fields.Int()
    last_error = StoredMessage(allow_none=True)
    sent_at = fields.DateTime(allow_none=True)


class CounterpartyOut(Schema):
    id = fields.Str()
    enterprise_id = fields.Str()
    enterprise_name = fields.Function(lambda c: c.enterprise.name)
    credit_code_masked = fields.Function(lambda c: credit_code.mask(c.enterprise.credit_code))
    invited_at = fields.DateTime()
    status = fields.Function(counterparties.status, metadata={"description": "waiting (no signer named yet) or named"})
    signers = fields.Function(lambda c: sum(p.role == "signer" for p in c.participants))
    observers = fields.Function(lambda c: sum(p.role == "observer" for p in c.participants))


class MeetingOut(Schema):
    id = fields.Str()
    name = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    video_url = fields.Str(allow_none=True)
    status = fields.Str()
    phase = fields.Function(meeting_phase, metadata={
        "description": "the state every audience is shown: the status, signing_open (booked, signing has opened) "
                       "or awaiting_organizer (a signer declined: re-open them or cancel)"})
    rehearsal = fields.Bool(metadata={"description": REHEARSAL})
    screen_language = fields.Str(metadata={"description": SCREEN_LANGUAGE})
    allow_typed_signature = fields.Bool(metadata={"description": TYPED})
    enterprise_id = fields.Str()
    participants = fields.List(fields.Nested(ParticipantOut))
    counterparties = fields.List(fields.Nested(CounterpartyOut))
    documents = fields.List(fields.Nested(DocumentOut))
    result_url = fields.Function(links.result_url)
    host_url = fields.Function(links.host_url)
    notifications = fields.Function(lambda m: NotificationOut(many=True).dump(
        Notification.query.filter_by(meeting_id=m.id).order_by(Notification.created_at).all()))
    booked_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)


class MeetingSummary(Schema):
    id = fields.Str()
    name = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    video_url = fields.Str(allow_none=True)
    status = fields.Str()
    rehearsal = fields.Bool(metadata={"description": "a rehearsal"})
    result_url = fields.Function(links.result_url)


class ListQuery(InputSchema):
    status = fields.Str(load_default=None, validate=validate.OneOf(MEETING_STATUSES))
    q = fields.Str(load_default=None, validate=validate.Length(max=60), metadata={"description": NAME_SEARCH})


class DocumentUpload(InputSchema):
    file = Upload(required=True)


class BookOut(Schema):
    status = fields.Str()
    result_url = fields.Str()
    host_url = fields.Str()
    warnings = fields.List(fields.Dict())


class MeetingStatusOut(Schema):
    status = fields.Str()


@blp.route("", methods=["POST"])
@blp.arguments(MeetingIn)
@blp.response(201, MeetingOut)
def create(body):
    """Create a draft meeting (name 1–60 characters, future start, at most 24 hours, optional https video link),
    or a rehearsal."""
    return meetings.create_meeting(current_actor(), body["name"], body["starts_at"], body["ends_at"],
                                   body["video_url"], body["rehearsal"], body["screen_language"],
                                   body["allow_typed_signature"])


@blp.route("", methods=["GET"])
@blp.arguments(ListQuery, location="query")
@blp.response(200, MeetingSummary(many=True))
def index(query):
    """My meetings: the enterprise's meetings, optionally filtered by status and by name."""
    return meetings.list_meetings(current_actor(), query["status"], query["q"])


@blp.route("/export.csv", methods=["GET"])
@blp.arguments(ListQuery, location="query")
@blp.doc(responses=CSV_RESPONSE)
def export(query):
    """My meetings as CSV for Excel (UTF-8 with BOM), with the list's filters."""
    data = exports.meetings_csv(current_actor(), query["status"], query["q"])
    return attachment(data, "text/csv", _("我的预约") + ".csv", "meetings.csv")


@blp.route("/<meeting_id>/clone", methods=["POST"])
@blp.arguments(CloneIn)
@blp.response(201, MeetingOut)
def clone(body, meeting_id):
    """A new draft like this meeting (participants, documents with controls, layout, video link) at new times."""
    return clones.clone_meeting(current_actor(), meeting_id, body["starts_at"], body["ends_at"], body.get("name"))


@blp.route("/<meeting_id>", methods=["GET"])
@blp.response(200, MeetingOut)
def show(meeting_id):
    """A meeting with participants (masked), documents, notifications and links."""
    return meetings.get_meeting(current_actor(), meeting_id)


@blp.route("/<meeting_id>", methods=["PATCH"])
@blp.arguments(MeetingPatch)
@blp.response(200, MeetingOut)
def update(body, meeting_id):
    """Change name, times or video link (until the start; after booking, participants are told again)."""
    return meetings.update_meeting(current_actor(), meeting_id, body)


@blp.route("/<meeting_id>/cancel", methods=["POST"])
@blp.response(200, MeetingStatusOut)
def cancel(meeting_id):
    """Cancel the meeting; booked participants are told."""
    return {"status": meetings.cancel_meeting(current_actor(), meeting_id).status}


@blp.route("/<meeting_id>/participants", methods=["POST"])
@blp.arguments(ParticipantIn)
@blp.response(201, ParticipantOut)
def add_participant(body, meeting_id):
    """Add a host, signer or observer; signers are matched to their enterprise's registry."""
    return participants.add_participant(current_actor(), meeting_id, body)


@blp.route("/<meeting_id>/participants/from-registry", methods=["POST"])
@blp.arguments(RegistryPick)
@blp.response(201, ParticipantOut)
def add_from_registry(body, meeting_id):
    """Add one of your enterprise's employees, picked from the registry: the identity is the registry's."""
    return participants.add_from_registry(current_actor(), meeting_id, body["employee_id"], body["role"],
                                          body["language"])


@blp.route("/<meeting_id>/participants/<participant_id>", methods=["PATCH"])
@blp.arguments(ParticipantPatch)
@blp.response(200, ParticipantOut)
def update_participant(body, meeting_id, participant_id):
    """Edit a participant."""
    return participants.update_participant(current_actor(), meeting_id, participant_id, body)


@blp.route("/<meeting_id>/participants/<participant_id>", methods=["DELETE"])
@blp.response(204)
def remove_participant(meeting_id, participant_id):
    """Remove a participant (draft only)."""
    participants.remove_participant(current_actor(), meeting_id, participant_id)


@blp.route("/<meeting_id>/participants/<participant_id>/reopen", methods=["POST"])
@blp.response(200, ParticipantOut)
def reopen_participant(meeting_id, participant_id):
    """A declined signer may sign again: a new QR code and link (texted to them), the decline kept in the audit trail.

    409 `not_declined`: the participant has not declined (or is not a signer); 409 `meeting_over`: the meeting is
    completed, cancelled or has ended.
    """
    return reopening.reopen_as_organizer(current_actor(), meeting_id, participant_id)


@blp.route("/<meeting_id>/documents", methods=["POST"])
@blp.arguments(DocumentUpload, location="files")
@blp.response(201, DocumentOut)
def upload_document(files, meeting_id):
    """Upload a PDF; it is validated and stored untouched."""
    upload = files["file"]
    return documents.upload_document(current_actor(), meeting_id, upload.filename, upload.read())


@blp.route("/<meeting_id>/documents/<document_id>", methods=["DELETE"])
@blp.response(204)
def remove_document(meeting_id, document_id):
    """Remove a document (draft only)."""
    documents.remove_document(current_actor(), meeting_id, document_id)


class CheckOut(Schema):
    problems = fields.List(fields.Dict())
    warnings = fields.List(fields.Dict())


@blp.route("/<meeting_id>/check", methods=["GET"])
@blp.response(200, CheckOut)
def check(meeting_id):
    """What would stop booking now (problems) and what deserves a second look (warnings)."""
    problems, warnings = booking.check_booking(meetings.get_meeting(current_actor(), meeting_id))
    return {"problems": problems, "warnings": warnings}


@blp.route("/<meeting_id>/book", methods=["POST"])
@blp.response(200, BookOut)
def book(meeting_id):
    """Book: validate, prepare fields, create tokens, schedule and text every participant."""
    meeting, warnings = booking.book(current_actor(), meeting_id)
    return {"status": meeting.status, "result_url": links.result_url(meeting),
            "host_url": links.host_url(meeting), "warnings": warnings}
