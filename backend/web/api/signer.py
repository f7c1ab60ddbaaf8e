"""The signer API, shared by the mini-program and the H5 pages."""
import base64

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.core.database import read_only
from backend.core.errors import NotFound
from backend.core.resources import files
from backend.lib.identity import person_name
from backend.models.status import meeting_label, meeting_phase, participant_label
from backend.services import copy_progress, page_images, signer_identity, signer_sessions, signing, typed_signatures
from backend.web import limits
from backend.web.api.copies import CopySummary, pdf_download, with_urls
from backend.web.api.documents import ConditionalHeaders, PageQuery
from backend.web.api.meetings import ControlOut
from backend.web.api.session import bearer_token
from backend.web.blobs import send_page_image, send_stored
from backend.web.input import Schema as InputSchema
from backend.web.responses import PDF_RESPONSE, PNG_RESPONSE, page_image_responses

blp = Blueprint("signer", __name__, url_prefix="/api/signer", description="Signer API (mini-program and H5)")


def client_ip() -> str | None:
    return request.remote_addr


def _context(scene: str):
    session = signer_sessions.session_for(bearer_token())
    return session, signer_identity.participant_for_scene(scene)


class SentOut(Schema):
    sent = fields.Bool(required=True)


class SignerPage(Schema):
    url = fields.Str(metadata={"description": "a JPEG of the revision shown (`v`); add `width=` (px) to it"})
    width = fields.Float()
    height = fields.Float()


class SignerControl(ControlOut):
    class Meta:
        exclude = ("participant_id",)  # a signer sees only their own controls


class SignerDocument(Schema):
    id = fields.Str()
    filename = fields.Str()
    page_count = fields.Int()
    pages = fields.List(fields.Nested(SignerPage))
    controls = fields.List(fields.Nested(SignerControl), metadata={"description": "this signer's controls only"})


class SignerPageQuery(PageQuery):
    width = fields.Int(load_default=900, validate=validate.Range(min=page_images.MIN_WIDTH, max=page_images.MAX_WIDTH))


class SignerLoginIn(InputSchema):
    channel = fields.Str(required=True, validate=validate.OneOf(["wechat", "h5"]))
    code = fields.Str(load_default=None, validate=validate.Length(max=128))


class TokenOut(Schema):
    token = fields.Str()


class SceneMeeting(Schema):
    name = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    status = fields.Str()
    status_label = fields.Function(meeting_label)
    phase = fields.Function(meeting_phase, metadata={"description": "the status shown (status_label names it): the "
                                                                    "status, signing_open or awaiting_organizer"})
    signing_open = fields.Bool()
    video_url = fields.Str(allow_none=True, metadata={"description": "the video meeting to join, when there is one"})
    rehearsal = fields.Bool(metadata={"description": "a rehearsal: signing makes no contract"})
    allow_typed_signature = fields.Bool(metadata={
        "description": "the signer may sign with their typed name instead of drawing"})


class SceneParticipant(Schema):
    role = fields.Str()
    name_masked = fields.Function(lambda p: person_name.mask(p.name))
    enterprise_name = fields.Str()
    id_type = fields.Str(metadata={"description": "the document the signer verifies with (the ID field's label)"})
    status = fields.Str()
    status_label = fields.Function(participant_label)
    language = fields.Str(metadata={"description": "zh or en: the language the signer's pages speak"})


class SceneOut(Schema):
    meeting = fields.Nested(SceneMeeting)
    participant = fields.Nested(SceneParticipant)
    verified = fields.Bool()
    id_number_required = fields.Bool()


class SignerVerifyIn(InputSchema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=50))
    id_number = fields.Str(load_default=None, validate=validate.Length(max=40))
    sms_code = fields.Str(load_default=None, validate=validate.Length(max=8))
    phone_code = fields.Str(load_default=None, validate=validate.Length(max=128))


class VerifiedOut(Schema):
    verified = fields.Bool()


class SignerSealOut(Schema):
    id = fields.Str()
    name = fields.Str()
    kind = fields.Str()
    image_url = fields.Str()


TYPED_NAME = "the typed name: the registered one, ignoring spaces and case; at most 40 characters"


class SignIn(InputSchema):
    signature_png = fields.Str(load_default=None, validate=validate.Length(min=1, max=2_000_000),
                               metadata={"description": "the drawn signature, base64 PNG"})
    signature_typed = fields.Str(load_default=None, validate=validate.Length(max=200), metadata={
        "description": TYPED_NAME + "; only where the meeting allows it (else 409 typed_signature_not_allowed)"})
    seals = fields.Dict(keys=fields.Str(), values=fields.Str(), load_default=dict)

    @validates_schema
    def _one_signature(self, data, **_):
        if (data.get("signature_png") is None) == (data.get("signature_typed") is None):
            raise ValidationError("signature_png or signature_typed, exactly one", "signature_png")


class TypedSignatureIn(InputSchema):
    name = fields.Str(required=True, validate=validate.Length(max=200), metadata={"description": TYPED_NAME})


class TypedSignatureOut(Schema):
    name = fields.Str(metadata={"description": "the name as it is drawn (trimmed)"})
    png = fields.Function(lambda out: base64.b64encode(out["png"]).decode("ascii"),
                          metadata={"description": "the signature image signing with this name stores (base64 PNG)"})


class SignOut(Schema):
    status = fields.Str()
    meeting_status = fields.Str()


class DeclineIn(InputSchema):
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=200),
                        metadata={"description": "why they decline: required, shown to the organizer, never on the screen"})


class DeclineOut(Schema):
    status = fields.Str()


class SceneCopyOut(CopySummary):
    state = fields.Str(metadata={"description": "not_signed, generating (the files are being made), "
                                                "unavailable (someone declined) or ready (the summary and files are here)"})
    signed = fields.Int(metadata={"description": "signers who have signed"})
    signer_count = fields.Int(metadata={"description": "how many signers there are"})
    applied = fields.Int(metadata={"description": "signatures written onto the PDFs so far"})
    total = fields.Int(metadata={"description": "signatures there will be (signers × their documents)"})
    sealed = fields.Bool(metadata={"description": "the platform's final signature is on"})


@blp.route("/login", methods=["POST"])
@limits.signer_login
@blp.arguments(SignerLoginIn)
@blp.response(200, TokenOut)
def login(body):
    """Start a signer session: WeChat (`code` from wx.login) or H5 (anonymous until verified)."""
    return {"token": signer_sessions.login(body["channel"], body["code"], client_ip())}


@blp.route("/scenes/<scene>", methods=["GET"])
@blp.response(200, SceneOut)
def scene(scene):
    """The meeting and the (masked) signer a QR code invites."""
    session, participant = _context(scene)
    signer_identity.require_own_scene(session, participant)
    signer_identity.record_opened(session, participant, client_ip())
    bound = bool(session.openid and participant.employee and participant.employee.openid == session.openid)
    return {"meeting": participant.meeting, "participant": participant,
            "verified": session.participant_id == participant.id and bool(session.verified_at),
            "id_number_required": not bound}


@blp.route("/scenes/<scene>/sms", methods=["POST"])
@limits.signer_sms
@blp.response(202, SentOut, description="The code is on its way.")
def sms(scene):
    """Text a one-time code to the signer's registered phone (1 a minute, 5 an hour)."""
    session, participant = _context(scene)
    signer_identity.send_sms(session, participant, client_ip())
    return {"sent": True}


@blp.route("/scenes/<scene>/verify", methods=["POST"])
@limits.signer_verify
@blp.arguments(SignerVerifyIn)
@blp.response(200, VerifiedOut)
def verify(body, scene):
    """Prove identity: name + ID number, and the SMS code or WeChat's phone-number code."""
    session, participant = _context(scene)
    signer_identity.verify(session, participant, name=body["name"], id_number=body["id_number"],
                           sms_code=body["sms_code"], phone_code=body["phone_code"], ip=client_ip())
    return {"verified": True}


@blp.route("/scenes/<scene>/seals", methods=["GET"])
@blp.response(200, SignerSealOut(many=True))
@read_only
def seals(scene):
    """The seals this signer may use."""
    session, participant = _context(scene)
    return [{"id": s.id, "name": s.name, "kind": s.kind,
             "image_url": url_for("signer.seal_image", scene=scene, seal_id=s.id)}
            for s in signing.seals_for(session, participant)]


@blp.route("/scenes/<scene>/seals/<seal_id>.png", methods=["GET"])
@blp.doc(responses=PNG_RESPONSE)
@read_only
def seal_image(scene, seal_id):
    """A seal image this signer may use."""
    session, participant = _context(scene)
    seal = next((s for s in signing.seals_for(session, participant) if s.id == seal_id), None)
    if seal is None:
        raise NotFound(_l("印章不存在"))
    return send_stored(files().get(seal.image_key), mimetype="image/png", max_age=600)


@blp.route("/scenes/<scene>/documents", methods=["GET"])
@blp.response(200, SignerDocument(many=True))
def documents(scene):
    """The documents, as page images, with this signer's controls."""
    session, participant = _context(scene)
    docs = signing.documents_for(session, participant, client_ip())
    out = []
    for doc in docs:
        pages = [{"url": url_for("signer.page_jpg", scene=scene, document_id=doc.id, page=n,
                                 v=page_images.version(doc, n)), "width": p["width"], "height": p["height"]}
                 for n, p in enumerate(doc.pages, start=1)]
        out.append({"id": doc.id, "filename": doc.filename, "page_count": doc.page_count, "pages": pages,
                    "controls": [c for c in doc.controls if c.participant_id == participant.id]})
    return out


def _page(query, scene, document_id, page, ext):
    session, participant = _context(scene)
    # Page images follow the document list: same rights, without logging a view per image.
    docs = {d.id: d for d in signing.readable_documents(session, participant)}
    if document_id not in docs:
        raise NotFound(_l("文件不存在"))
    return send_page_image(page_images.document_page(docs[document_id], page, query["width"], ext))


@blp.route("/scenes/<scene>/documents/<document_id>/pages/<int:page>.png", methods=["GET"])
@blp.arguments(SignerPageQuery, location="query")
@blp.arguments(ConditionalHeaders, location="headers", as_kwargs=True)
@blp.doc(responses=page_image_responses("image/png"))
@read_only
def page_image(query, scene, document_id, page, **_):
    """A page image of one of this meeting's documents, as PNG."""
    return _page(query, scene, document_id, page, "png")


@blp.route("/scenes/<scene>/documents/<document_id>/pages/<int:page>.jpg", methods=["GET"])
@blp.arguments(SignerPageQuery, location="query")
@blp.arguments(ConditionalHeaders, location="headers", as_kwargs=True)
@blp.doc(responses=page_image_responses("image/jpeg"))
@read_only
def page_jpg(query, scene, document_id, page, **_):
    """A page image of one of this meeting's documents, as JPEG (what the document list points at)."""
    return _page(query, scene, document_id, page, "jpg")


@blp.route("/scenes/<scene>/sign", methods=["POST"])
@blp.arguments(SignIn)
@blp.response(200, SignOut)
def sign(body, scene):
    """Sign: handwriting (base64 PNG) or, where allowed, the typed name, and a seal per seal control;
    `Idempotency-Key` makes retries safe."""
    key = (request.headers.get("Idempotency-Key") or "").strip()[:100] or None
    return signing.sign(bearer_token(), scene, signature_png=body["signature_png"],
                        signature_typed=body["signature_typed"], seals=body["seals"],
                        idempotency_key=key, ip=client_ip(), user_agent=request.headers.get("User-Agent"))


@blp.route("/scenes/<scene>/typed-signature", methods=["POST"])
@limits.typed_signature
@blp.arguments(TypedSignatureIn)
@blp.response(200, TypedSignatureOut)
@read_only
def typed_signature(body, scene):
    """Preview a typed name drawn in the handwriting font, where the meeting allows typing (else 409); the name must
    be the signer's own (422 typed_name_mismatch). The name travels in the body, never in a URL or a log."""
    session, participant = _context(scene)
    return typed_signatures.preview(session, participant, body["name"])


@blp.route("/scenes/<scene>/confirming", methods=["POST"])
@blp.response(202, SentOut, description="Recorded: the big screen shows the signer as signing.")
def confirming(scene):
    """The signer has confirmed and the sign request follows: the big screen shows that they are signing."""
    session, participant = _context(scene)
    signing.start_signing(session, participant, client_ip())
    return {"sent": True}


@blp.route("/scenes/<scene>/decline", methods=["POST"])
@blp.arguments(DeclineIn)
@blp.response(200, DeclineOut)
def decline(body, scene):
    """Decline to sign, with a reason for the organizer; the meeting waits until they re-open the signer or cancel."""
    session, participant = _context(scene)
    signing.decline(session, participant, body["reason"], client_ip())
    return {"status": "declined"}


@blp.route("/scenes/<scene>/copy", methods=["GET"])
@blp.response(200, SceneCopyOut)
@read_only
def copy(scene):
    """After signing: how far the signed copy is, and once sealed its summary with download URLs."""
    session, participant = _context(scene)
    out = copy_progress.progress(session, participant)
    if out["state"] != "ready":
        return out
    base = f"/api/signer/scenes/{scene}/copy"
    return with_urls(out, lambda doc_id: f"{base}/documents/{doc_id}.pdf", f"{base}/audit.pdf")


@blp.route("/scenes/<scene>/copy/documents/<document_id>.pdf", methods=["GET"])
@limits.copy_download
@blp.doc(responses=PDF_RESPONSE)
def copy_document(scene, document_id):
    """A sealed PDF of the contract this signer signed (an audit event)."""
    session, participant = _context(scene)
    filename, data = copy_progress.download(session, participant, document_id, client_ip())
    return pdf_download(data, filename)


@blp.route("/scenes/<scene>/copy/audit.pdf", methods=["GET"])
@limits.copy_download
@blp.doc(responses=PDF_RESPONSE)
def copy_audit(scene):
    """The audit-trail PDF of the contract this signer signed (an audit event)."""
    session, participant = _context(scene)
    filename, data = copy_progress.download(session, participant, "audit", client_ip())
    return pdf_download(data, filename)
