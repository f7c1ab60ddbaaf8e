"""The big screen's layout: background, logos, seats and the organizer's presentation choices on a 16:9 stage.

Places and footprints come from the stage geometry the editor and the screen share (backend/lib/stage_geometry.py).
"""
from flask_babel import lazy_gettext as _l

from backend.core.errors import NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import files
from backend.lib import stage_geometry
from backend.lib.imaging.checks import load_image, sniff_format
from backend.lib.imaging.errors import ImageError
from backend.models import Meeting
from backend.services import audit
from backend.services.seals import image_error

LOGO_MAX, BACKGROUND_MAX = 1 * 2**20, 5 * 2**20


PRESENTATION = ("names", "banner", "celebration_seconds")  # the organizer's choices of how the screen shows it
NAMES = tuple(stage_geometry.geometry()["names"])
BANNERS = tuple(stage_geometry.geometry()["banners"])
CELEBRATION_MAX = stage_geometry.geometry()["celebration"]["max"]
DEFAULTS = {"names": "full", "banner": "bottom", "celebration_seconds": stage_geometry.geometry()["celebration"]["default"]}


def _people(meeting: Meeting) -> list[tuple[str, str]]:
    return [(p.id, p.role) for p in meeting.participants]


def signer_enterprises(meeting: Meeting) -> list[str]:
    """The signers' enterprises in the order their signers appear: each shows a logo or a name badge."""
    names: list[str] = []
    for p in meeting.participants:
        if p.role == "signer" and p.enterprise_name not in names:
            names.append(p.enterprise_name)
    return names


def auto_seats(meeting: Meeting) -> list[dict]:
    """Signers on both sides of the contract, hosts and guests in the outer columns (as the editor's 自动排座)."""
    return stage_geometry.arrange(_people(meeting), signer_enterprises(meeting))[0]


def logo_places(meeting: Meeting, saved: dict) -> list[dict]:
    """Where each signer enterprise's logo (or name badge) stands: as placed, else automatically."""
    names = signer_enterprises(meeting)
    auto = {lg["enterprise_name"]: lg for lg in stage_geometry.arrange([], names)[1]}
    placed = saved.get("logo_positions") or {}
    return [{"enterprise_name": n, "x": placed[n]["x"], "y": placed[n]["y"]} if n in placed else auto[n]
            for n in names]


def layout_of(meeting: Meeting) -> dict:
    """The saved layout, with seats and logo places filled in automatically for what was not placed."""
    saved = dict(meeting.layout or {})
    if "seats" in saved:  # an empty saved list means "no seats", not "never arranged"
        present = {p.id for p in meeting.participants}
        seats = [s for s in saved["seats"] if s["participant_id"] in present]
    else:
        seats = auto_seats(meeting)
    return {"background": saved.get("background"), "logos": saved.get("logos", {}), "seats": seats,
            "logo_positions": {lg["enterprise_name"]: {"x": lg["x"], "y": lg["y"]} for lg in logo_places(meeting, saved)},
            "show_qr": saved.get("show_qr", True), **{k: saved.get(k, DEFAULTS[k]) for k in PRESENTATION}}


def _check_asset(meeting: Meeting, key: str | None, field: str) -> None:
    if key is not None and not key.startswith(f"layout/{meeting.id}/"):
        raise ValidationFailed(_l("图片无效，请先上传"), fields={field: ["unknown image"]})


def _off_stage(x: float, y: float, size) -> list[str] | None:
    if stage_geometry.fits(x, y, size):
        return None
    (x0, x1), (y0, y1) = stage_geometry.allowed_range(size)
    return [_l("超出舞台：中心须在 x %(x0)s–%(x1)s、y %(y0)s–%(y1)s 之内", x0=x0, x1=x1, y0=y0, y1=y1)]


def _problems(meeting: Meeting, data: dict) -> dict:
    roles = {p.id: p.role for p in meeting.participants}
    enterprise_ids = {p.enterprise_id for p in meeting.participants if p.enterprise_id}
    fields = {}
    for i, seat in enumerate(data.get("seats") or []):
        if seat["participant_id"] not in roles:
            fields[f"seats.{i}"] = [_l("参与人不属于本会议")]
        elif (problem := _off_stage(seat["x"], seat["y"], stage_geometry.card_size(roles[seat["participant_id"]]))):
            fields[f"seats.{i}"] = problem
    for eid in data.get("logos") or {}:
        if eid not in enterprise_ids:
            fields[f"logos.{eid}"] = [_l("企业不属于本会议")]
    names = set(signer_enterprises(meeting))
    for name, place in (data.get("logo_positions") or {}).items():
        if name not in names:
            fields[f"logo_positions.{name}"] = [_l("不是本会议的签约企业")]
        elif (problem := _off_stage(place["x"], place["y"], stage_geometry.logo_size())):
            fields[f"logo_positions.{name}"] = problem
    if data.get("names", NAMES[0]) not in NAMES:
        fields["names"] = [_l("应为 full 或 masked")]
    if data.get("banner", BANNERS[0]) not in BANNERS:
        fields["banner"] = [_l("应为 %(choices)s", choices=" / ".join(BANNERS))]
    seconds = data.get("celebration_seconds", 0)
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 <= seconds <= CELEBRATION_MAX:
        fields["celebration_seconds"] = [_l("应为 0–%(max)s 秒", max=CELEBRATION_MAX)]

    return fields


def save_layout(meeting: Meeting, data: dict, *, actor: str) -> dict:
    """Save background, logos, seats, logo places and presentation choices after checking every one."""
    fields = _problems(meeting, data)
    if fields:
        raise ValidationFailed(_l("布局有误"), fields=fields)
    _check_asset(meeting, data.get("background"), "background")
    for eid, key in (data.get("logos") or {}).items():
        _check_asset(meeting, key, f"logos.{eid}")
    saved = dict(meeting.layout or {})
    current = layout_of(meeting)
    layout = {"background": data.get("background", current["background"]),
              "logos": data.get("logos", current["logos"]),
              "seats": data.get("seats", current["seats"]),
              "show_qr": data.get("show_qr", current["show_qr"]),
              **{k: data.get(k, current[k]) for k in PRESENTATION}}
    positions = data.get("logo_positions", saved.get("logo_positions"))
    if positions:  # only what was placed: the others keep following the automatic places
        layout["logo_positions"] = positions
    if "seats" in data and data["seats"] is None:
        del layout["seats"]  # back to the automatic arrangement
    meeting.layout = layout
    audit.record(meeting.id, "layout_saved", {"seats": len(layout.get("seats", ()))}, actor=actor)
    db.session.commit()
    return layout_of(meeting)


def store_image(meeting: Meeting, data: bytes, kind: str) -> str:
    """Validate and store a logo (≤ 1 MB) or background (≤ 5 MB); return its key."""
    limit = LOGO_MAX if kind == "logo" else BACKGROUND_MAX
    try:
        load_image(data, max_bytes=limit, max_side=4000)
    except ImageError as exc:
        raise image_error(exc, "image") from None
    suffix = ".png" if sniff_format(data) == "PNG" else ".jpg"
    return files().put(data, prefix=f"layout/{meeting.id}", suffix=suffix)


def asset(meeting: Meeting, key: str) -> tuple[bytes, str]:
    """One of this meeting's layout images and its media type."""
    if not key.startswith(f"layout/{meeting.id}/"):
        raise NotFound(_l("图片不存在"))
    try:
        data = files().find(key)
    except ValueError:  # a key that would leave the store names no image either
        data = None
    if data is None:
        raise NotFound(_l("图片不存在"))
    return data, "image/png" if key.endswith(".png") else "image/jpeg"
