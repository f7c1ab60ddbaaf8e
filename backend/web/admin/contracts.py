"""合同管理: contracts of meetings the enterprise organised or signed in, with signers and audit trail."""
from datetime import datetime, time

from flask import render_template, request
from flask_babel import gettext as _

from backend.core.errors import AppError, ValidationFailed
from backend.models.status import label
from backend.services import contracts as service
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.labels import CHANNEL_LABELS, CONTRACT_STATUSES, METHOD_LABELS, SIGNER_STATUS_LABELS
from backend.web.admin.seals import SHANGHAI


def _day(value: str, field: str, end: bool):
    # A date picked in China covers that whole day there.
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise ValidationFailed(_("日期格式应为 YYYY-MM-DD"), fields={field: [_("日期格式应为 YYYY-MM-DD")]}) from None
    return datetime.combine(day, time(23, 59, 59) if end else time(0, 0), SHANGHAI)


FILTERS = ("status", "since", "until", "q")


def _args() -> dict:
    return {k: (request.args.get(k) or "").strip()[:60 if k == "q" else 20] for k in FILTERS}


def _filters() -> dict:
    """The ?status=&since=&until=&q= filters, checked; a refusal names the field."""
    args = _args()
    if args["status"] and args["status"] not in CONTRACT_STATUSES:
        raise ValidationFailed(_("未知的合同状态"), fields={"status": [_("未知的合同状态")]})
    since, until = _day(args["since"], "since", False), _day(args["until"], "until", True)
    if since and until and since > until:
        raise ValidationFailed(_("开始日期不能晚于结束日期"), fields={"until": [_("开始日期不能晚于结束日期")]})
    return {"values": args, "since": since, "until": until}


def _summary(meeting, enterprise_id: str) -> dict:
    signers = service.signers_of(meeting)
    return {"meeting": meeting, "status": meeting.status, "signers": signers,
            "signed": sum(1 for s in signers if s["status"] == "signed"),
            "declined": sum(1 for s in signers if s["status"] == "declined"),
            "ours": meeting.enterprise_id == enterprise_id}


@blp.get("/contracts")
@roles_required("admin", "organizer")
def contracts():
    """The contract list, filtered by status and by meeting date."""
    user = current_user()
    try:
        f = _filters()
    except AppError as exc:
        values = _args()
        return render_template("admin/contracts.html", rows=[], values=values, error=exc.message,
                               field_errors=exc.fields, filtered=True, statuses=CONTRACT_STATUSES), exc.status
    values = f["values"]
    rows = [_summary(m, user.enterprise_id)
            for m in service.list_contracts(user, values["status"] or None, f["since"], f["until"], values["q"])]
    # The export takes the same filters, as the API reads them (dates as whole days in China).
    export = {"status": values["status"] or None, "q": values["q"] or None,
              "since": f["since"].isoformat() if f["since"] else None,
              "until": f["until"].isoformat() if f["until"] else None}
    return render_template("admin/contracts.html", rows=rows, values=values, field_errors={},
                           filtered=any(values.values()), statuses=CONTRACT_STATUSES,
                           export_query={k: v for k, v in export.items() if v})


def _event(event: dict) -> dict:
    return {**event, "at": datetime.fromisoformat(event["at"]) if event.get("at") else None}


@blp.get("/contracts/<meeting_id>")
@roles_required("admin", "organizer")
def contract(meeting_id):
    """One contract: documents, signers with times and verification, the audit trail."""
    user = current_user()
    meeting = service.get_contract(user, meeting_id[:32])
    trail = service.audit_trail(user, meeting.id)
    return render_template("admin/contract.html", row=_summary(meeting, user.enterprise_id),
                           events=[_event(e) for e in trail["events"]], chain_intact=trail["chain_intact"],
                           documents=trail["documents"], active_nav="admin.contracts")


@blp.app_template_filter("signer_status")
def _signer_status(value: str) -> str:
    return label(SIGNER_STATUS_LABELS, value)


@blp.app_template_filter("method_label")
def _method_label(value: str | None) -> str:
    return label(METHOD_LABELS, value)


@blp.app_template_filter("channel_label")
def _channel_label(value: str | None) -> str:
    return label(CHANNEL_LABELS, value)


@blp.app_template_filter("iso_time")
def _iso_time(value: str | None):
    """An ISO 8601 string as a datetime, for admin_time."""
    return datetime.fromisoformat(value) if value else None
