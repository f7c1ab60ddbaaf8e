"""A contract's files as people download them: signed PDFs under their originals' names, and the evidence ZIP
(signed PDFs, the audit-trail PDF and JSON, and a manifest of every file's SHA-256)."""
import hashlib
import io
import json
import zipfile
from datetime import timedelta

from backend.core.resources import files
from backend.models import AdminUser
from backend.services.contracts import audit_pdf, audit_trail, get_contract
from backend.services.download_names import evidence_name, signed_name

AUDIT_PDF_NAME, AUDIT_JSON_NAME, MANIFEST_NAME = "审计报告.pdf", "审计记录.json", "manifest.json"
SHANGHAI_OFFSET = timedelta(hours=8)


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    n, candidate = 1, name
    while candidate in taken:
        n += 1
        candidate = f"{stem}({n}).{ext}" if dot else f"{name}({n})"
    taken.add(candidate)
    return candidate


def evidence_zip(actor: AdminUser, meeting_id: str) -> tuple[str, bytes]:
    """A completed contract's files in one ZIP (409 until the contract and its audit trail are written)."""
    meeting = get_contract(actor, meeting_id)
    trail_pdf = audit_pdf(actor, meeting.id)  # refuses before completion, or while the trail is written
    entries, taken = [], set()
    for doc in meeting.documents:
        entries.append((_unique(signed_name(doc), taken), files().get(doc.current_key or doc.original_key),
                        {"kind": "signed_pdf", "document_id": doc.id, "original_filename": doc.filename}))
    trail = json.dumps(audit_trail(actor, meeting.id), ensure_ascii=False, indent=2).encode()
    entries.append((_unique(AUDIT_PDF_NAME, taken), trail_pdf, {"kind": "audit_trail_pdf"}))
    entries.append((_unique(AUDIT_JSON_NAME, taken), trail, {"kind": "audit_trail_json"}))
    manifest = {"meeting_id": meeting.id, "name": meeting.name,
                "completed_at": meeting.completed_at.isoformat() if meeting.completed_at else None,
                "files": [{"name": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), **about}
                          for name, data, about in entries]}
    # Entries dated by the sealing, in Beijing time (ZIP keeps local times): the same contract, the same ZIP.
    stamp = ((meeting.completed_at or meeting.starts_at) + SHANGHAI_OFFSET).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in [(name, data) for name, data, _ in entries] + [
                (MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2).encode())]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            # PDFs are compressed already; JSON shrinks.
            info.compress_type = zipfile.ZIP_DEFLATED if name.endswith(".json") else zipfile.ZIP_STORED
            archive.writestr(info, data)
    return evidence_name(meeting), out.getvalue()
