"""The pages the organizer's previews frame: the real big-screen page and a signer's phone view, each
pointed (by a <meta>) at the organizer's own preview API instead of a result link or a scene.

These two pages, and no other, may be framed, and only by our own pages.
"""
from pathlib import Path

from flask import Response, abort
from markupsafe import escape

from backend.services.meetings import get_meeting
from backend.services.previews import signer_of
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.headers import CONTENT_SECURITY_POLICY
from backend.web.page_strings import SIGNER_PREVIEW_STRINGS
from backend.web.screen.shell import screen_page
from backend.web.shells import render_shell

H5 = Path(__file__).resolve().parents[3] / "h5"
FRAMED = {"Content-Security-Policy": CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
          "X-Frame-Options": "SAMEORIGIN", "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _shell(path, meta_name: str, api_url: str) -> Response:
    html = path.read_text(encoding="utf-8")
    meta = f'<meta name="{meta_name}" content="{escape(api_url)}">\n</head>'
    return Response(html.replace("</head>", meta, 1), mimetype="text/html", headers=FRAMED)


def _meeting(meeting_id: str):
    if len(meeting_id) > 32:
        abort(404)
    return get_meeting(current_user(), meeting_id)


@blp.get("/meetings/<meeting_id>/preview/screen")
@roles_required("admin", "organizer")
def screen_preview(meeting_id):
    """The big-screen page drawn from the organizer's preview state (framed at 1920×1080 by the admin pages)."""
    meeting = _meeting(meeting_id)
    return screen_page(meeting, preview_api=f"/api/meetings/{meeting.id}/screen-preview", headers=FRAMED)


@blp.get("/meetings/<meeting_id>/preview/signers/<participant_id>")
@roles_required("admin", "organizer")
def signer_preview(meeting_id, participant_id):
    """A signer's phone view of the documents and their controls (framed at 360×640 by the admin pages)."""
    meeting = _meeting(meeting_id)
    signer = signer_of(meeting, participant_id[:32])
    # A template in the organizer's language, its source named by a <meta> like the big screen's.
    return render_shell("signer/preview.html", SIGNER_PREVIEW_STRINGS, headers=FRAMED,
                        source=f"/api/meetings/{meeting.id}/participants/{signer.id}/preview")
