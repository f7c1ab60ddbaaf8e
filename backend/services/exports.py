"""The meeting and contract lists as CSV for Excel, with the lists' own filters."""
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from backend.lib.spreadsheet import excel_csv
from backend.models import AdminUser, Meeting
from backend.models.status import MEETING_LABELS, label
from backend.services.contracts import list_contracts, signers_of
from backend.services.meetings import list_meetings

SHANGHAI_OFFSET = timedelta(hours=8)
# The columns are named in the request's language (str() at write time).
MEETING_HEADER = [_l("会议名称"), _l("状态"), _l("开始时间"), _l("结束时间"), _l("主持人"), _l("签署企业"),
                  _l("签署人数"), _l("已签署"), _l("已拒签"), _l("视频会议链接"), _l("预约时间"), _l("完成时间"),
                  _l("会议ID")]
CONTRACT_HEADER = [_l("合同名称"), _l("发起方"), _l("我方角色"), _l("状态"), _l("会议开始时间"), _l("签署企业"),
                   _l("签署人数"), _l("已签署"), _l("已拒签"), _l("合同文件"), _l("签署版SHA-256"), _l("完成时间"),
                   _l("会议ID")]


def local_time(moment: datetime | None) -> str:
    """A time as the lists show it: Beijing time, to the minute."""
    return (moment + SHANGHAI_OFFSET).strftime("%Y-%m-%d %H:%M") if moment else ""


def _joined(values) -> str:
    return "；".join(dict.fromkeys(v for v in values if v))  # in order, each once


def _counts(signers: list) -> tuple[int, int, int]:
    return (len(signers), sum(1 for s in signers if s.status == "signed"),
            sum(1 for s in signers if s.status == "declined"))


def _meeting_row(m: Meeting) -> list:
    signers = [p for p in m.participants if p.role == "signer"]
    return [m.name, label(MEETING_LABELS, m.status), local_time(m.starts_at), local_time(m.ends_at),
            _joined(p.name for p in m.participants if p.role == "host"), _joined(p.enterprise_name for p in signers),
            *_counts(signers), m.video_url, local_time(m.booked_at), local_time(m.completed_at), m.id]


def meetings_csv(actor: AdminUser, status: str | None = None, q: str | None = None) -> bytes:
    """我的预约 as CSV: the rows the list shows for the same status and name filter."""
    return excel_csv([str(h) for h in MEETING_HEADER], (_meeting_row(m) for m in list_meetings(actor, status, q)))


def _contract_row(m: Meeting, enterprise_id: str) -> list:
    signers = signers_of(m)
    return [m.name, m.enterprise.name, str(_l("发起方") if m.enterprise_id == enterprise_id else _l("签约方")),
            label(MEETING_LABELS, m.status), local_time(m.starts_at), _joined(s["enterprise_name"] for s in signers),
            len(signers), sum(1 for s in signers if s["status"] == "signed"),
            sum(1 for s in signers if s["status"] == "declined"), _joined(d.filename for d in m.documents),
            _joined(d.final_sha256 for d in m.documents), local_time(m.completed_at), m.id]


def contracts_csv(actor: AdminUser, status: str | None = None, since: datetime | None = None,
                  until: datetime | None = None, q: str | None = None) -> bytes:
    """合同管理 as CSV: the rows the list shows for the same filters."""
    rows = list_contracts(actor, status, since, until, q)
    return excel_csv([str(h) for h in CONTRACT_HEADER], (_contract_row(m, actor.enterprise_id) for m in rows))
