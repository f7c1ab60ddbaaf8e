"""The big screen's layout: background, enterprise logos and seats on a 16:9 stage."""
from backend.core.errors import NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import files
from backend.lib.imaging.checks import load_image, sniff_format
from backend.lib.imaging.errors import ImageError
from backend.models import Meeting
from backend.services import audit
from backend.services.seals import image_error

LOGO_MAX, BACKGROUND_MAX = 1 * 2**20, 5 * 2**20


def auto_seats(meeting: Meeting) -> list[dict]:
    """Enterprises side by side, signers in the front row, observers behind, hosts at the side."""
    signers = [p for p in meeting.participants if p.role == "signer"]
    groups: dict[str, list] = {}
    for p in signers:
        groups.setdefault(p.enterprise_name, []).append(p)
    seats = []
    n = max(len(groups), 1)
    for gi, members in enumerate(groups.values()):
        left, width = gi / n, 1 / n
        for mi, p in enumerate(members):
            seats.append({"participant_id": p.id, "x": round(left + width * (mi + 1) / (len(members) + 1), 4),
                          "y": 0.68})
    observers = [p for p in meeting.participants if p.role == "observer"]
    for i, p in enumerate(observers):
        seats.append({"participant_id": p.id, "x": round((i + 1) / (len(observers) + 1), 4), "y": 0.9})
    hosts = [p for p in meeting.participants if p.role == "host"]
    for i, p in enumerate(hosts):
        seats.append({"participant_id": p.id, "x": 0.06, "y": round(0.4 + 0.1 * i, 4)})
    return seats


def layout_of(meeting: Meeting) -> dict:
    """The saved layout, with seats filled in automatically for participants not placed."""
    saved = dict(meeting.layout or {})
    if "seats" in saved:  # an empty saved list means "no seats", not "never arranged"
        present = {p.id for p in meeting.participants}
        seats = [s for s in saved["seats"] if s["participant_id"] in present]
    else:
        seats = auto_seats(meeting)
    return {"background": saved.get("background"), "logos": saved.get("logos", {}), "seats": seats,
            "show_qr": saved.get("show_qr", True)}


def _check_asset(meeting: Meeting, key: str | None, field: str) -> None:
    if key is not None and not key.startswith(f"layout/{meeting.id}/"):
        raise ValidationFailed("图片无效，请先上传 (upload the image first)", fields={field: ["unknown image"]})


def save_layout(meeting: Meeting, data: dict, *, actor: str) -> dict:
    """Save background, logos and seats after checking every reference."""
    ids = {p.id for p in meeting.participants}
    enterprise_ids = {p.enterprise_id for p in meeting.participants if p.enterprise_id}
    fields = {}
    for i, seat in enumerate(data.get("seats") or []):
        if seat["participant_id"] not in ids:
            fields[f"seats.{i}"] = ["参与人不属于本会议 (not a participant of this meeting)"]
        elif not (0 <= seat["x"] <= 1 and 0 <= seat["y"] <= 1):
            fields[f"seats.{i}"] = ["座位超出舞台 (seat off the stage)"]
    for eid in data.get("logos") or {}:
        if eid not in enterprise_ids:
            fields[f"logos.{eid}"] = ["企业不属于本会议 (enterprise not in this meeting)"]
    if fields:
        raise ValidationFailed("布局有误 (invalid layout)", fields=fields)
    _check_asset(meeting, data.get("background"), "background")
    for eid, key in (data.get("logos") or {}).items():
        _check_asset(meeting, key, f"logos.{eid}")
    current = layout_of(meeting)
    layout = {"background": data.get("background", current["background"]),
              "logos": data.get("logos", current["logos"]),
              "seats": data.get("seats", current["seats"]),
              "show_qr": data.get("show_qr", current["show_qr"])}
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
        raise NotFound("图片不存在 (image not found)")
    try:
        data = files().find(key)
    except ValueError:  # a key that would leave the store names no image either
        data = None
    if data is None:
        raise NotFound("图片不存在 (image not found)")
    return data, "image/png" if key.endswith(".png") else "image/jpeg"
