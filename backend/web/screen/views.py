"""The result page, its state and the host's controls."""
from flask import request
from flask_babel import lazy_gettext as _l

from backend.core.database import read_only
from backend.core.errors import AppError, ValidationFailed
from backend.services import attempts, reopening
from backend.services.layout import save_layout
from backend.web.screen import blp
from backend.web.screen.access import is_host, meeting_for, require_host, signer_of
from backend.web.screen.schemas import HOST_TOKEN, HostLayoutIn, ScreenStateOut
from backend.web.screen.shell import missing_page, screen_page
from backend.web.screen.state import public_state

NO_STORE = {"Cache-Control": "no-store"}


def _host_token() -> str | None:
    return request.headers.get("X-Host-Token") or request.args.get("host")


@blp.get("/<token>")
@blp.doc(responses={"200": {"description": "The result page (HTML)", "content": {"text/html": {}}},
                    "404": {"description": "The page saying the link is unknown (HTML)", "content": {"text/html": {}}}})
@read_only
def page(token):
    """The full-screen result page in the meeting's screen language (a shell; its script loads the state)."""
    try:
        meeting = meeting_for(token)
    except AppError as exc:
        return missing_page(exc.status)
    return screen_page(meeting)


@blp.route("/<token>/state", methods=["GET"])
@blp.doc(parameters=HOST_TOKEN)
@blp.response(200, ScreenStateOut)
@read_only
def state(token):
    """Everything the screen shows, masked; `last_event_id` says where the live stream starts."""
    meeting = meeting_for(token)
    host = is_host(meeting, _host_token())
    return public_state(meeting, token, host=host), 200, NO_STORE


@blp.route("/<token>/layout", methods=["PUT"])
@blp.doc(parameters=HOST_TOKEN)
@blp.arguments(HostLayoutIn)
@blp.response(200, ScreenStateOut)
def host_layout(changes, token):
    """Host only (`X-Host-Token`): move seats and show or hide the QR codes; every screen updates."""
    meeting = meeting_for(token)
    require_host(meeting, _host_token())
    if not changes:
        raise ValidationFailed(_l("没有要保存的内容"), fields={"seats": ["seats or show_qr"]})
    save_layout(meeting, changes, actor="host")
    return public_state(meeting, token, host=True), 200, NO_STORE


@blp.route("/<token>/signers/<participant_id>/reset-attempts", methods=["POST"])
@blp.doc(parameters=HOST_TOKEN)
@blp.response(200, ScreenStateOut)
def reset_attempts(token, participant_id):
    """Host only: clear the failed checks on a signer's scene, so whoever was locked out may try again."""
    meeting = meeting_for(token)
    require_host(meeting, _host_token())
    attempts.clear_for_host(signer_of(meeting, participant_id))
    return public_state(meeting, token, host=True), 200, NO_STORE


@blp.route("/<token>/signers/<participant_id>/reopen", methods=["POST"])
@blp.doc(parameters=HOST_TOKEN)
@blp.response(200, ScreenStateOut)
def reopen_signer(token, participant_id):
    """Host only: a declined signer may sign again (a new QR code; 409 `not_declined` or `meeting_over`)."""
    meeting = meeting_for(token)
    require_host(meeting, _host_token())
    reopening.reopen(meeting, signer_of(meeting, participant_id).id, actor="host")
    return public_state(meeting, token, host=True), 200, NO_STORE
