"""Organizer pages for meetings: 我的预约, the booking wizard and the meeting detail.

The pages are shells: their scripts talk to the JSON API (/api/meetings...) with the session
cookie and the CSRF header, so the wizard and the API share one set of rules.
"""
from flask import abort, render_template, url_for
from flask_babel import lazy_gettext

from backend.services.employees import enterprise_of
from backend.services.links import scene_version, signer_link
from backend.services.meetings import get_meeting
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.strings import js_strings

STEPS = (("details", lazy_gettext("会议信息")), ("participants", lazy_gettext("参会人")),
         ("documents", lazy_gettext("文件与签署控件")), ("layout", lazy_gettext("大屏布局")),
         ("review", lazy_gettext("确认预约")))
STEP_NAMES = tuple(name for name, _label in STEPS)


def _page(template: str, **ctx):
    enterprise = enterprise_of(current_user())
    return render_template(template, enterprise=enterprise, strings=js_strings(), steps=STEPS, **ctx)


@blp.get("/meetings")
@roles_required("admin", "organizer")
def meetings():
    """我的预约: the enterprise's meetings with a status filter."""
    return _page("admin/meetings.html")


@blp.get("/meetings/new")
@roles_required("admin", "organizer")
def new_meeting():
    """The wizard's first step for a new meeting."""
    return _page("admin/wizard.html", meeting_id="", step="details")


@blp.get("/meetings/<meeting_id>/edit/<step>")
@roles_required("admin", "organizer")
def edit_meeting(meeting_id, step):
    """One step of the wizard for a draft meeting."""
    if step not in STEP_NAMES or len(meeting_id) > 32:
        abort(404)
    return _page("admin/wizard.html", meeting_id=meeting_id, step=step)


@blp.get("/meetings/<meeting_id>")
@roles_required("admin", "organizer")
def meeting(meeting_id):
    """The meeting detail: result-page and signer links, statuses, notifications, cancel."""
    if len(meeting_id) > 32:
        abort(404)
    meeting = get_meeting(current_user(), meeting_id)
    return _page("admin/meeting.html", meeting_id=meeting.id, signer_links=_signer_links(meeting))


def _signer_links(meeting) -> dict:
    """Each booked signer's H5 link and the big screen's QR code image of it, by participant id."""
    if not meeting.result_token:
        return {}
    return {p.id: {"h5": signer_link(p),
                   "qr": url_for("screen.qr", token=meeting.result_token, participant_id=p.id, v=scene_version(p))}
            for p in meeting.participants if p.role == "signer" and p.scene_token}
