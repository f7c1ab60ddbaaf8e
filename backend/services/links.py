"""The links people are sent: a signer's H5 page, the big screen and its host view."""
import hashlib

from flask import current_app

from backend.models import Meeting, Participant


def signer_link(participant: Participant) -> str:
    """The H5 signing link carried by a signer's SMS and QR code."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/h5/s/{participant.scene_token}"


def scene_version(participant: Participant) -> str:
    """A short tag of the signer's current scene: a QR image URL carrying it changes when the scene does."""
    return hashlib.sha256((participant.scene_token or "").encode()).hexdigest()[:8]


def result_url(meeting: Meeting) -> str | None:
    """The big-screen link the organizer copies to the host."""
    if not meeting.result_token:
        return None
    return f"{current_app.config['PUBLIC_BASE_URL']}/screen/{meeting.result_token}"


def host_url(meeting: Meeting) -> str | None:
    """The result page with host controls."""
    if not meeting.host_token:
        return None
    return f"{current_app.config['PUBLIC_BASE_URL']}/screen/{meeting.result_token}?host={meeting.host_token}"
