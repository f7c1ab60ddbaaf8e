"""What the big screen's JSON routes answer and accept, as the OpenAPI spec publishes it."""
from marshmallow import EXCLUDE, Schema, fields, validate

from backend.core.text import PATTERN
from backend.web.api.layouts import SeatIn
from backend.web.input import Schema as InputSchema

DISPLAY_NAME = "the name to show: full or masked as the organizer chose (always masked before a registry match)"
TITLE = "the job title, when names are shown in full"


class ScreenMeeting(Schema):
    name = fields.Str()
    starts_at = fields.Str(metadata={"format": "date-time"})
    ends_at = fields.Str(metadata={"format": "date-time"})
    status = fields.Str()
    phase = fields.Str(metadata={"description": "the status, signing_open, or awaiting_organizer: a signer declined "
                                                "and no QR code is shown until the organizer re-opens them or cancels"})
    status_label = fields.Str()
    signing_open = fields.Bool()
    completed_at = fields.Str(allow_none=True, metadata={"format": "date-time"})
    video_url = fields.Str(allow_none=True, metadata={"description": "the video meeting (host view only)"})
    rehearsal = fields.Bool(metadata={"description": "a rehearsal: it makes no contract"})


class ScreenLogo(Schema):
    enterprise_name = fields.Str()
    url = fields.Str(allow_none=True, metadata={"description": "the logo; null: the screen shows a name badge"})
    x = fields.Float(metadata={"description": "centre, as a fraction of the stage's width"})
    y = fields.Float(metadata={"description": "centre, as a fraction of the stage's height"})


class ScreenLayout(Schema):
    background_url = fields.Str(allow_none=True)
    show_qr = fields.Bool()
    names = fields.Str(metadata={"description": "full (names and titles of matched participants) or masked"})
    banner = fields.Str(metadata={"description": "where the completion banner docks: bottom, left or right"})
    celebration_seconds = fields.Int(metadata={"description": "how long the celebration and its confetti run"})
    logos = fields.List(fields.Nested(ScreenLogo), metadata={"description": "every signing enterprise, in order"})


class ScreenSeat(Schema):
    participant_id = fields.Str()
    x = fields.Float()
    y = fields.Float()
    role = fields.Str()
    name_masked = fields.Str()
    display_name = fields.Str(metadata={"description": DISPLAY_NAME})
    title = fields.Str(allow_none=True, metadata={"description": TITLE})
    enterprise_name = fields.Str()
    status = fields.Str()


class ScreenMark(Schema):
    document_id = fields.Str()
    page = fields.Int()
    kind = fields.Str()
    x = fields.Float()
    y = fields.Float()
    w = fields.Float()
    h = fields.Float()
    image_url = fields.Str(allow_none=True)
    text = fields.Str(allow_none=True)


class SignerAttempts(Schema):
    failures = fields.Int(metadata={"description": "failed identity checks on this scene in the last 15 minutes"})
    retry_after = fields.Int(metadata={"description": "seconds until the signer may try again after several "
                                                      "phone-proven mismatches (0: now)"})


class ScreenSigner(Schema):
    participant_id = fields.Str()
    name_masked = fields.Str()
    display_name = fields.Str(metadata={"description": DISPLAY_NAME})
    title = fields.Str(allow_none=True, metadata={"description": TITLE})
    enterprise_name = fields.Str()
    status = fields.Str()
    status_label = fields.Str()
    qr_url = fields.Str(allow_none=True)
    signed_at = fields.Str(allow_none=True, metadata={"format": "date-time"})
    marks = fields.List(fields.Nested(ScreenMark))
    seal_urls = fields.List(fields.Str())
    handwriting_url = fields.Str(allow_none=True)
    attempts = fields.Nested(SignerAttempts, metadata={"description": "host only"})


class ScreenPage(Schema):
    page = fields.Int()
    url = fields.Str(metadata={"description": "a JPEG of the booked original (`v`: cacheable for good); add `width=`"})
    width = fields.Float()
    height = fields.Float()


class ScreenDocument(Schema):
    id = fields.Str()
    filename = fields.Str()
    pages = fields.List(fields.Nested(ScreenPage))


class ScreenProgress(Schema):
    signed = fields.Int()
    declined = fields.Int()
    total = fields.Int()


class ScreenStateOut(Schema):
    meeting = fields.Nested(ScreenMeeting)
    last_event_id = fields.Int(metadata={"description": "where the live event stream starts"})
    host = fields.Bool()
    layout = fields.Nested(ScreenLayout)
    seats = fields.List(fields.Nested(ScreenSeat))
    signers = fields.List(fields.Nested(ScreenSigner))
    documents = fields.List(fields.Nested(ScreenDocument))
    progress = fields.Nested(ScreenProgress)


class HostSeatIn(SeatIn):
    class Meta:
        unknown = EXCLUDE  # the screen sends back the seats it was given, with their display fields


class HostLayoutIn(InputSchema):
    class Meta:
        unknown = EXCLUDE

    seats = fields.List(fields.Nested(HostSeatIn), validate=validate.Length(max=200))
    # Only true or false: a string such as "yes" is refused, not read as true.
    show_qr = fields.Bool(truthy={True}, falsy={False})


class ResumeQuery(InputSchema):
    last_event_id = fields.Str(load_default=None, validate=validate.Regexp(r"^\d{1,18}$"))


HOST_TOKEN = [{"in": "header", "name": "X-Host-Token", "schema": {"type": "string", "pattern": PATTERN},
               "description": "the host link's token: host controls"},
              {"in": "query", "name": "host", "schema": {"type": "string", "pattern": PATTERN},
               "description": "the host link's token, when the header is not sent"}]
