"""Signed copies by link (`/api/copies/<token>`, from the completion SMS): prove the phone, then download."""

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.core.database import read_only
from backend.services import signed_copies
from backend.web import limits
from backend.web.api.session import bearer_token
from backend.web.input import Schema as InputSchema
from backend.web.responses import PDF_RESPONSE, attachment

blp = Blueprint("copies", __name__, url_prefix="/api/copies",
                description="Signed copies for signers (the completion SMS's link)")


class CopyLinkOut(Schema):
    phone_masked = fields.Function(signed_copies.masked_phone, metadata={"description": "where the code goes"})
    expires_at = fields.DateTime()


class CopySentOut(Schema):
    sent = fields.Bool(required=True)
    phone_masked = fields.Str()


class CopyVerifyIn(InputSchema):
    sms_code = fields.Str(load_default=None, validate=validate.Length(max=8))
    phone_code = fields.Str(load_default=None, validate=validate.Length(max=128),
                            metadata={"description": "in the mini-program: getPhoneNumber's code instead"})


class CopyAccessOut(Schema):
    access_token = fields.Str(metadata={"description": "send as `Authorization: Bearer` to the routes below"})
    expires_at = fields.DateTime()


class CopyMeeting(Schema):
    id = fields.Str()
    name = fields.Str()
    organizer = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    rehearsal = fields.Bool(metadata={"description": "a rehearsal's copy: watermarked, no contract"})


class CopySigner(Schema):
    name = fields.Str()
    enterprise_name = fields.Str()
    signed_at = fields.DateTime(allow_none=True)


class CopyOtherSigner(Schema):
    name_masked = fields.Str()
    enterprise_name = fields.Str()
    signed_at = fields.DateTime(allow_none=True)


class CopyDocument(Schema):
    id = fields.Str()
    filename = fields.Str()
    signed_filename = fields.Str(metadata={"description": "the download name: the original's name marked as signed, .pdf"})
    page_count = fields.Int()
    original_sha256 = fields.Str()
    sha256 = fields.Str(allow_none=True, metadata={"description": "of the sealed PDF"})
    url = fields.Str()


class CopyAuditTrail(Schema):
    filename = fields.Str()
    sha256 = fields.Str(allow_none=True)
    url = fields.Str()


class CopySummary(Schema):
    meeting = fields.Nested(CopyMeeting)
    parties = fields.List(fields.Str(), metadata={"description": "the organizer and every signing enterprise"})
    signer = fields.Nested(CopySigner, metadata={"description": "whose copy this is"})
    signers = fields.List(fields.Nested(CopyOtherSigner))
    documents = fields.List(fields.Nested(CopyDocument))
    audit_trail = fields.Nested(CopyAuditTrail)


class CopySummaryOut(CopySummary):
    link_expires_at = fields.DateTime()


def with_urls(summary: dict, document_url, audit_url: str) -> dict:
    """A copy's summary with the download URL of each file."""
    return {**summary, "documents": [{**d, "url": document_url(d["id"])} for d in summary["documents"]],
            "audit_trail": {**summary["audit_trail"], "url": audit_url}}


def pdf_download(data: bytes, filename: str) -> Response:
    """A PDF attachment under its Chinese name (RFC 5987), with an ASCII fallback; never cached."""
    response = attachment(data, "application/pdf", filename, "signed-copy.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _client_ip() -> str | None:
    return request.remote_addr


@blp.route("/<token>", methods=["GET"])
@blp.response(200, CopyLinkOut)
@read_only
def show(token):
    """Where this link's code goes (masked) and until when the link works; nothing of the contract."""
    return signed_copies.link_for(token)


@blp.route("/<token>/sms", methods=["POST"])
@limits.copy_sms
@blp.response(202, CopySentOut, description="The code is on its way, to the phone the link was sent to.")
def send_sms(token):
    """Text a one-time code to the phone this link was sent to (5 an hour per link)."""
    link = signed_copies.send_link_code(token, _client_ip())
    return {"sent": True, "phone_masked": signed_copies.masked_phone(link)}


@blp.route("/<token>/verify", methods=["POST"])
@limits.copy_verify
@limits.copy_verify_per_address
@blp.arguments(CopyVerifyIn)
@blp.response(200, CopyAccessOut)
def verify(body, token):
    """Prove the phone: the SMS code, or in the mini-program WeChat's phone-number code."""
    access, link = signed_copies.prove_phone(token, sms_code=body["sms_code"], phone_code=body["phone_code"],
                                             ip=_client_ip())
    return {"access_token": access, "expires_at": link.access_expires_at}


@blp.route("/<token>/summary", methods=["GET"])
@blp.response(200, CopySummaryOut)
@read_only
def summary(token):
    """The contract's summary: meeting, parties, signed times, file names and SHA-256."""
    link = signed_copies.opened(token, bearer_token())
    base = f"/api/copies/{token}"
    out = with_urls(signed_copies.summary(link.meeting, link.participant),
                    lambda doc_id: f"{base}/documents/{doc_id}.pdf", f"{base}/audit.pdf")
    return {**out, "link_expires_at": link.expires_at}


@blp.route("/<token>/documents/<document_id>.pdf", methods=["GET"])
@limits.copy_download
@blp.doc(responses=PDF_RESPONSE)
def document(token, document_id):
    """A sealed PDF of the contract (an audit event)."""
    link = signed_copies.opened(token, bearer_token())
    filename, data = signed_copies.download(link.meeting, link.participant, document_id, ip=_client_ip(),
                                            channel="h5", via="link")
    return pdf_download(data, filename)


@blp.route("/<token>/audit.pdf", methods=["GET"])
@limits.copy_download
@blp.doc(responses=PDF_RESPONSE)
def audit_pdf(token):
    """The platform-signed audit-trail PDF (an audit event)."""
    link = signed_copies.opened(token, bearer_token())
    filename, data = signed_copies.download(link.meeting, link.participant, "audit", ip=_client_ip(),
                                            channel="h5", via="link")
    return pdf_download(data, filename)
