"""The big-screen layout of a meeting: background, logos, seats, and their uploaded images."""
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from backend.services import layout, meetings
from backend.web.api.formats import Flag, StrictFloat
from backend.web.api.session import current_actor
from backend.web.blobs import send_stored
from backend.web.input import Schema as InputSchema
from backend.web.responses import IMAGE_RESPONSE

blp = Blueprint("layouts", __name__, url_prefix="/api/meetings", description="Big-screen layouts")


class ImageUpload(InputSchema):
    image = Upload(required=True)


class SeatIn(InputSchema):
    participant_id = fields.Str(required=True)
    x = StrictFloat(required=True, validate=validate.Range(min=0, max=1))
    y = StrictFloat(required=True, validate=validate.Range(min=0, max=1))


class PlaceIn(InputSchema):
    x = StrictFloat(required=True, validate=validate.Range(min=0, max=1))
    y = StrictFloat(required=True, validate=validate.Range(min=0, max=1))


class Seconds(fields.Integer):
    """A whole number of seconds (true and false are not numbers here)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


NAMES = "names on the big screen: full: full names and titles of matched participants, others masked; " \
        "masked: every name masked"
BANNER = "where the completion banner docks: below the contract, or a bottom corner"
CELEBRATION = "seconds the celebration and its confetti run; 0: none"
LOGO_POSITIONS = "centre of each signing enterprise's logo or name badge, by enterprise name; " \
                 "unplaced ones stand automatically"


class LayoutIn(InputSchema):
    background = fields.Str(allow_none=True, validate=validate.Length(max=200))
    logos = fields.Dict(keys=fields.Str(), values=fields.Str(validate=validate.Length(max=200)))
    seats = fields.List(fields.Nested(SeatIn), allow_none=True, validate=validate.Length(max=200),
                        metadata={"description": "each card's centre; its whole card must fit on the stage"})
    logo_positions = fields.Dict(keys=fields.Str(validate=validate.Length(max=100)), values=fields.Nested(PlaceIn),
                                 validate=validate.Length(max=50), metadata={"description": LOGO_POSITIONS})
    show_qr = Flag()
    names = fields.Str(validate=validate.OneOf(layout.NAMES), metadata={"description": NAMES})
    banner = fields.Str(validate=validate.OneOf(layout.BANNERS), metadata={"description": BANNER})
    celebration_seconds = Seconds(strict=True, validate=validate.Range(min=0, max=layout.CELEBRATION_MAX),
                                  metadata={"description": CELEBRATION})


class LayoutOut(Schema):
    background = fields.Str(allow_none=True)
    background_url = fields.Function(lambda layout: layout.get("background_url"))
    logos = fields.Dict(keys=fields.Str(), values=fields.Str())
    logo_urls = fields.Function(lambda layout: layout.get("logo_urls", {}))
    seats = fields.List(fields.Nested(SeatIn))
    logo_positions = fields.Dict(keys=fields.Str(), values=fields.Nested(PlaceIn), metadata={"description": LOGO_POSITIONS})
    show_qr = fields.Bool()
    names = fields.Str(metadata={"description": NAMES})
    banner = fields.Str(metadata={"description": BANNER})
    celebration_seconds = fields.Int(metadata={"description": CELEBRATION})


class AssetOut(Schema):
    key = fields.Str()
    url = fields.Str()


@blp.route("/<meeting_id>/layout", methods=["GET"])
@blp.response(200, LayoutOut)
def get_layout(meeting_id):
    """The big-screen layout (automatic until saved), with URLs of its images."""
    return _with_urls(meeting_id, layout.layout_of(meetings.get_meeting(current_actor(), meeting_id)))


def _with_urls(meeting_id: str, data: dict) -> dict:
    url = lambda key: _asset_out(meeting_id, key)["url"] if key else None  # noqa: E731
    return {**data, "background_url": url(data["background"]),
            "logo_urls": {eid: url(key) for eid, key in data["logos"].items()}}


@blp.route("/<meeting_id>/layout", methods=["PUT"])
@blp.arguments(LayoutIn)
@blp.response(200, LayoutOut)
def put_layout(body, meeting_id):
    """Save background, logos (by uploaded key) and seats (fractions of the 16:9 stage)."""
    actor = current_actor()
    return _with_urls(meeting_id, layout.save_layout(meetings.get_meeting(actor, meeting_id), body,
                                                     actor=actor.username))


def _asset_out(meeting_id, key):
    return {"key": key, "url": f"/api/meetings/{meeting_id}/layout/assets/{key}"}


@blp.route("/<meeting_id>/layout/<any(logo, background):kind>", methods=["POST"])
@blp.arguments(ImageUpload, location="files")
@blp.response(201, AssetOut)
def upload_image(files, meeting_id, kind):
    """Upload a logo (PNG/JPEG ≤ 1 MB) or the background (≤ 5 MB, 16:9 recommended); put its key into the layout."""
    meeting = meetings.get_meeting(current_actor(), meeting_id)
    return _asset_out(meeting.id, layout.store_image(meeting, files["image"].read(), kind))


@blp.route("/<meeting_id>/layout/assets/<path:key>", methods=["GET"])
@blp.doc(responses=IMAGE_RESPONSE)
def layout_asset(meeting_id, key):
    """A layout image of this meeting."""
    meeting = meetings.get_meeting(current_actor(), meeting_id)
    data, mimetype = layout.asset(meeting, key)
    return send_stored(data, mimetype=mimetype, max_age=3600)
