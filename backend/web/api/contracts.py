"""Contract management and public verification."""
from flask_babel import gettext as _
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import INCLUDE, Schema, fields, validate

from backend.services import contract_files, contracts, download_names, exports, posters
from backend.web import limits
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema
from backend.web.responses import CSV_RESPONSE, PDF_RESPONSE, PNG_RESPONSE, ZIP_RESPONSE, attachment

blp = Blueprint("contracts", __name__, url_prefix="/api", description="Contracts and verification")


class ContractQuery(InputSchema):
    status = fields.Str(load_default=None, validate=validate.OneOf(
        ["scheduled", "in_progress", "completed", "expired", "cancelled"]))
    since = fields.AwareDateTime(load_default=None)
    until = fields.AwareDateTime(load_default=None)
    q = fields.Str(load_default=None, validate=validate.Length(max=60),
                   metadata={"description": "meeting name or file name contains, any case"})


class ContractDocument(Schema):
    id = fields.Str()
    filename = fields.Str()
    sha256 = fields.Str()
    final_sha256 = fields.Str(allow_none=True)
    page_count = fields.Int()


class ContractOut(Schema):
    meeting_id = fields.Str(attribute="id")
    name = fields.Str()
    organizer = fields.Function(lambda m: m.enterprise.name)
    status = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    documents = fields.List(fields.Nested(ContractDocument))
    audit_pdf_sha256 = fields.Str(allow_none=True, metadata={"description": "the audit-trail PDF's, once written"})
    signers = fields.Function(contracts.signers_of)


class AuditDocument(Schema):
    id = fields.Str()
    filename = fields.Str()
    original_sha256 = fields.Str()
    final_sha256 = fields.Str(allow_none=True)


class AuditEventOut(Schema):
    class Meta:
        unknown = INCLUDE

    seq = fields.Int()
    kind = fields.Str()
    action = fields.Str()
    at = fields.Str(metadata={"format": "date-time"})
    actor = fields.Str(allow_none=True)
    subject = fields.Str(allow_none=True)
    ip = fields.Str(allow_none=True)
    channel = fields.Str(allow_none=True)
    method = fields.Str(allow_none=True)
    hash = fields.Str()


class VerifiedSignature(Schema):
    class Meta:
        unknown = INCLUDE

    field = fields.Str()
    kind = fields.Str(metadata={"description": "signature or timestamp"})
    signer_name = fields.Str()
    organisation = fields.Str()
    signing_time = fields.Str(allow_none=True)
    intact = fields.Bool()
    valid = fields.Bool()
    trusted = fields.Bool()
    modification_level = fields.Str()
    serial = fields.Str()
    coverage = fields.Str()
    timestamp_time = fields.Str(allow_none=True)
    timestamp_authority = fields.Str(allow_none=True)
    timestamp_is_local = fields.Bool()
    rehearsal = fields.Bool(metadata={"description": "signed with a rehearsal's certificate (its OU names a rehearsal)"})


class VerifiedMeeting(Schema):
    id = fields.Str()
    name = fields.Str()
    status = fields.Str()
    completed_at = fields.Str(allow_none=True, metadata={"format": "date-time"})
    rehearsal = fields.Bool()


class VerifiedDocument(Schema):
    filename = fields.Str()
    final = fields.Bool(metadata={"description": "the sealed contract (false: a revision while signing)"})


class VerifyOut(Schema):
    class Meta:
        unknown = INCLUDE

    sha256 = fields.Str()
    authentic = fields.Bool(metadata={"description": "every signature intact, valid and trusted; nothing changed; "
                                                     "not a rehearsal's"})
    rehearsal = fields.Bool(metadata={"description": "a rehearsal's file (signed by the rehearsal certificate): never "
                                                     "authentic, with a problem saying it has no legal effect, though its "
                                                     "signatures may all be intact and valid"})
    modified_after_signing = fields.Bool()
    signatures = fields.List(fields.Nested(VerifiedSignature))
    problems = fields.List(fields.Str())
    meeting = fields.Nested(VerifiedMeeting, allow_none=True)
    known_document = fields.Bool()
    kind = fields.Str(allow_none=True, metadata={"description": "contract, audit_trail, or null for a file we do "
                                                                "not know"})
    document = fields.Nested(VerifiedDocument, allow_none=True)


class CheckpointTimestamp(Schema):
    token = fields.Str(metadata={"description": "RFC 3161 token over the signature, base64"})
    at = fields.Str(metadata={"format": "date-time"})


class CheckpointOut(Schema):
    seq = fields.Int(metadata={"description": "the sealed event's number"})
    v = fields.Int(metadata={"description": "the statement's version: 2 also seals the public digest, 1 only the head"})
    head = fields.Str(metadata={"description": "the chain's head (HMAC) at that event"})
    digest = fields.Str(allow_none=True, metadata={
        "description": "the public digest chain's value at that event (SHA-256; null on version 1 checkpoints)"})
    reason = fields.Str(metadata={"description": "booked, signed, completed or rekeyed"})
    created_at = fields.Str(metadata={"format": "date-time"})
    signature = fields.Str(metadata={"description": "the platform key's signature of the statement, base64"})
    certificate_sha256 = fields.Str()
    timestamp = fields.Nested(CheckpointTimestamp, allow_none=True)


class AuditOut(Schema):
    class Meta:
        unknown = INCLUDE

    meeting_id = fields.Str()
    chain_intact = fields.Bool()
    problems = fields.List(fields.Str(), metadata={"description": "what the check found, the first bad event first"})
    checkpoints = fields.List(fields.Nested(CheckpointOut))
    documents = fields.List(fields.Nested(AuditDocument))
    events = fields.List(fields.Nested(AuditEventOut))


class PdfQuery(InputSchema):
    document = fields.Str(load_default=None, validate=validate.Length(max=16))


class PosterQuery(InputSchema):
    size = fields.Str(load_default="landscape", validate=validate.OneOf(["landscape", "portrait"]),
                      metadata={"description": "landscape: 1920×1080; portrait: 1080×1920"})


class VerifyUpload(InputSchema):
    file = Upload(required=True)


@blp.route("/contracts", methods=["GET"])
@blp.arguments(ContractQuery, location="query")
@blp.response(200, ContractOut(many=True))
def index(query):
    """Contracts of meetings your enterprise organised or signed in; filter by status, date and name."""
    return contracts.list_contracts(current_actor(), query["status"], query["since"], query["until"], query["q"])


@blp.route("/contracts/export.csv", methods=["GET"])
@blp.arguments(ContractQuery, location="query")
@blp.doc(responses=CSV_RESPONSE)
def export(query):
    """The contract list as CSV for Excel (UTF-8 with BOM), with the list's filters."""
    data = exports.contracts_csv(current_actor(), query["status"], query["since"], query["until"], query["q"])
    return attachment(data, "text/csv", _("合同列表") + ".csv", "contracts.csv")


@blp.route("/contracts/<meeting_id>", methods=["GET"])
@blp.response(200, ContractOut)
def show(meeting_id):
    """One contract with its signers, times and verification methods."""
    return contracts.get_contract(current_actor(), meeting_id)


@blp.route("/contracts/<meeting_id>/pdf", methods=["GET"])
@blp.arguments(PdfQuery, location="query")
@blp.doc(responses=PDF_RESPONSE)
def pdf(query, meeting_id):
    """The signed PDF (the newest revision; final once complete) under its signed download name."""
    doc, data = contracts.signed_pdf(current_actor(), meeting_id, query["document"])
    return attachment(data, "application/pdf", download_names.signed_name(doc), "contract-signed.pdf")


@blp.route("/contracts/<meeting_id>/audit", methods=["GET"])
@blp.doc(responses={"200": {"description": "The audit trail", "content": {"application/json": {"schema": AuditOut}}}})
def audit(meeting_id):
    """The audit trail as JSON, with the hash-chain check."""
    return contracts.audit_trail(current_actor(), meeting_id)


@blp.route("/contracts/<meeting_id>/audit.pdf", methods=["GET"])
@blp.doc(responses=PDF_RESPONSE)
def audit_pdf(meeting_id):
    """The platform-signed audit-trail PDF."""
    actor = current_actor()
    data = contracts.audit_pdf(actor, meeting_id)
    return attachment(data, "application/pdf", download_names.audit_pdf_name(contracts.get_contract(actor, meeting_id)),
                      "audit-trail.pdf")


@blp.route("/contracts/<meeting_id>/evidence.zip", methods=["GET"])
@blp.doc(responses=ZIP_RESPONSE)
def evidence(meeting_id):
    """A completed contract's evidence package: signed PDFs and originals, the audit trail (PDF, JSON, and every event
    with its links and checkpoints in events.jsonl), the CA, platform and event certificates, and a SHA-256 manifest.

    `python -m backend.lib.evidence verify PACKAGE.zip` checks it offline (README: "Evidence packages").
    """
    filename, data = contract_files.evidence_zip(current_actor(), meeting_id)
    return attachment(data, "application/zip", filename, "contract-files.zip")


@blp.route("/contracts/<meeting_id>/poster.png", methods=["GET"])
@blp.arguments(PosterQuery, location="query")
@blp.doc(responses=PNG_RESPONSE)
def poster_png(query, meeting_id):
    """A completed contract's commemorative poster (meeting, logos, seals, signers, date) as a PNG to publish."""
    filename, data = posters.poster_file(current_actor(), meeting_id, query["size"], "png")
    return attachment(data, "image/png", filename, f"poster-{query['size']}.png")


@blp.route("/contracts/<meeting_id>/poster.pdf", methods=["GET"])
@blp.arguments(PosterQuery, location="query")
@blp.doc(responses=PDF_RESPONSE)
def poster_pdf(query, meeting_id):
    """The same poster as a one-page PDF (its text layer carries every name), the PNG's source."""
    filename, data = posters.poster_file(current_actor(), meeting_id, query["size"], "pdf")
    return attachment(data, "application/pdf", filename, f"poster-{query['size']}.pdf")


@blp.route("/verify", methods=["POST"])
@limits.verify
@blp.arguments(VerifyUpload, location="files")
@blp.response(200, VerifyOut, description="The verdict (authentic or not, and why).")
@blp.doc(security=[])
def verify(files):
    """Upload a PDF: is it an authentic, untampered Signstage contract or audit trail, and which? (no sign-in)"""
    return contracts.verify_upload(files["file"].read())
