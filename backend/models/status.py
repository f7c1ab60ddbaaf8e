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
    "cancelled": _l("已取消"),
}
PARTICIPANT_LABELS = {
    "pending": _l("待通知"), "notified": _l("待签署"), "verified": _l("已核验身份"),
    "signed": _l("已签署"), "declined": _l("已拒签"),
}


def meeting_label(meeting) -> str:
    """What every audience calls the meeting's state now (a booked meeting open for signing says so)."""
    now = utcnow()
    status = meeting.status_at(now)
    return label(MEETING_LABELS, "signing_open" if status == "scheduled" and meeting.signing_open_at(now) else status)


def participant_label(participant) -> str:
    """What every audience calls the participant's state now."""
    return label(PARTICIPANT_LABELS, participant.status)


def label(labels: dict, value: str | None) -> str:
    """The label of a status, the value itself when unknown, a dash when empty."""
    if not value:
        return "—"
    return str(labels[value]) if value in labels else value
