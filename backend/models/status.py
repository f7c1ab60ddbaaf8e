"""Statuses derived from timestamps: one rule each, read by Python and by SQL alike, and their labels.

A rule is an ordered list of (condition, status) pairs whose first true condition wins. The
conditions are written with operators that work on both plain values and mapped columns, so a
model instance answers in Python and the model class yields a SQL CASE.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import case
from sqlalchemy.sql.operators import ColumnOperators

from backend.models.base import utcnow


def is_set(value):
    """True when a timestamp is set (IS NOT NULL on a column)."""
    return value.is_not(None) if isinstance(value, ColumnOperators) else value is not None


def is_unset(value):
    """True when a timestamp is not set (IS NULL on a column)."""
    return value.is_(None) if isinstance(value, ColumnOperators) else value is None


def first_match(rules: list, default: str):
    """The status of the first rule that holds: a value for an instance, a CASE for the class."""
    if any(isinstance(condition, ColumnOperators) for condition, _ in rules):
        return case(*rules, else_=default)
    return next((status for condition, status in rules if condition), default)


# The one table of labels every audience shows (admin pages, H5, big screen, mini-program).
MEETING_LABELS = {
    "draft": _l("草稿"), "scheduled": _l("即将开始"), "signing_open": _l("签署已开放"),
    "in_progress": _l("签约进行中"), "completed": _l("已完成"), "expired": _l("已结束"),
    "cancelled": _l("已取消"), "awaiting_organizer": _l("有签署人拒签，等待组织方处理"),
}
PARTICIPANT_LABELS = {
    "pending": _l("待通知"), "notified": _l("待签署"), "verified": _l("已核验身份"),
    "signed": _l("已签署"), "declined": _l("已拒签"),
}


# Booked, neither sealed, cancelled nor over (models.meeting.OPEN_STATUSES, which imports this module).
_OPEN = ("scheduled", "in_progress")


def meeting_phase(meeting, now=None) -> str:
    """The meeting's state as every audience is shown it: its status, or one of two moments within it.

    awaiting_organizer: a signer declined while the meeting is open; it cannot complete until the
    organizer re-opens that signer or cancels, so the screen stops inviting scans meanwhile.
    signing_open: a booked meeting whose signing has opened before the start.
    """
    now = now or utcnow()
    status = meeting.status_at(now)
    if status in _OPEN and any(p.role == "signer" and is_set(p.declined_at) for p in meeting.participants):
        return "awaiting_organizer"
    if status == "scheduled" and meeting.signing_open_at(now):
        return "signing_open"
    return status


def meeting_label(meeting) -> str:
    """What every audience calls the meeting's state now (its phase: see meeting_phase)."""
    return label(MEETING_LABELS, meeting_phase(meeting))


def participant_label(participant) -> str:
    """What every audience calls the participant's state now."""
    return label(PARTICIPANT_LABELS, participant.status)


def label(labels: dict, value: str | None) -> str:
    """The label of a status, the value itself when unknown, a dash when empty."""
    if not value:
        return "—"
    return str(labels[value]) if value in labels else value
