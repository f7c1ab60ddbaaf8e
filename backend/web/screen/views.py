"""The result page, its state and the host's controls."""
from flask import Response, jsonify, request

from backend.core.database import read_only
from backend.core.errors import AppError, ValidationFailed
from backend.services.layout import save_layout
from backend.web.screen import ASSETS, blp
from backend.web.screen.access import is_host, meeting_for, require_host
from backend.web.screen.state import public_state

NO_STORE = {"Cache-Control": "no-store"}


def _host_token() -> str | None:
    return request.headers.get("X-Host-Token") or request.args.get("host")


@blp.get("/<token>")
@read_only
def page(token):
    """The full-screen result page (a static shell; its script loads the state)."""
    try:
        meeting_for(token)
    except AppError as exc:
        html = (ASSETS / "missing.html").read_text(encoding="utf-8")
        return Response(html, status=exc.status, mimetype="text/html", headers=NO_STORE)
    html = (ASSETS / "index.html").read_text(encoding="utf-8")
    return Response(html, mimetype="text/html", headers={**NO_STORE, "X-Robots-Tag": "noindex"})


@blp.get("/<token>/state")
@read_only
def state(token):
    """Everything the screen shows, masked; `last_event_id` says where the live stream starts."""
    meeting = meeting_for(token)
    host = is_host(meeting, _host_token())
    return jsonify(public_state(meeting, token, host=host)), 200, NO_STORE


def _seats(raw) -> list[dict]:
    if not isinstance(raw, list) or len(raw) > 200:
        raise ValidationFailed("座位数据有误 (seats must be a list)", fields={"seats": ["list of seats"]})
    seats, fields = [], {}
    for i, seat in enumerate(raw):
        ok = (isinstance(seat, dict) and isinstance(seat.get("participant_id"), str)
              and all(isinstance(seat.get(k), (int, float)) and not isinstance(seat.get(k), bool)
                      for k in ("x", "y")))
        if not ok:
            fields[f"seats.{i}"] = ["需要 participant_id, x, y (participant_id, x, y required)"]
        else:
            seats.append({"participant_id": seat["participant_id"], "x": float(seat["x"]), "y": float(seat["y"])})
    if fields:
        raise ValidationFailed("座位数据有误 (invalid seats)", fields=fields)
    return seats


@blp.put("/<token>/layout")
def host_layout(token):
    """Host only: move seats and show or hide the QR codes; every screen updates."""
    meeting = meeting_for(token)
    require_host(meeting, _host_token())
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed("请求体应为JSON对象 (JSON object expected)", code="bad_request")
    changes = {}
    if "seats" in body:
        changes["seats"] = _seats(body["seats"])
    if "show_qr" in body:
        if not isinstance(body["show_qr"], bool):
            raise ValidationFailed("show_qr 应为布尔值 (boolean)", fields={"show_qr": ["boolean"]})
        changes["show_qr"] = body["show_qr"]
    if not changes:
        raise ValidationFailed("没有要保存的内容 (nothing to save)", fields={"seats": ["seats or show_qr"]})
    save_layout(meeting, changes, actor="host")
    return jsonify(public_state(meeting, token, host=True)), 200, NO_STORE
