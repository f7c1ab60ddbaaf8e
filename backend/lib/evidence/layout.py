"""The evidence package's layout: file names, kinds, the events file and the manifest, and writing the ZIP.

Shared by the app (which writes packages) and the verifier (which reads them): one definition of the format.
"""
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

FORMAT, FORMAT_VERSION = "signstage-evidence", 1
MANIFEST_NAME, EVENTS_NAME = "manifest.json", "events.jsonl"
ROOT_NAME = "certificates/root-ca.pem"
ORIGINALS_DIR, PLATFORM_DIR, EVENT_CERTS_DIR = "originals", "certificates/platform", "certificates/events"

# What each file of the manifest is. A signed or original PDF also names its document_id.
SIGNED_PDF, ORIGINAL_PDF, AUDIT_PDF, AUDIT_JSON = "signed_pdf", "original_pdf", "audit_trail_pdf", "audit_trail_json"
EVENTS, ROOT_CERT, CA_CERT = "events", "root_certificate", "ca_certificate"
PLATFORM_CERT, EVENT_CERT = "platform_certificate", "event_certificate"
KINDS = (SIGNED_PDF, ORIGINAL_PDF, AUDIT_PDF, AUDIT_JSON, EVENTS, ROOT_CERT, CA_CERT, PLATFORM_CERT, EVENT_CERT)


@dataclass(frozen=True)
class PackageFile:
    """One file of a package: its name in the ZIP, its bytes, its kind, and what else the manifest says of it."""

    name: str
    data: bytes
    kind: str
    about: dict = field(default_factory=dict)


def event_line(event: dict) -> str:
    """One line of events.jsonl: the event as compact JSON, keys sorted."""
    return json.dumps(event, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def events_file(events: list[dict]) -> bytes:
    """events.jsonl: one event per line, oldest first, UTF-8."""
    return "".join(event_line(e) + "\n" for e in events).encode()


def certificate_name(folder: str, sha256: str) -> str:
    """Where a certificate lies in the package: named by its SHA-256 fingerprint."""
    return f"{folder}/{sha256}.pem"


def manifest(meeting_id: str, name: str, completed_at: str | None, files: list[PackageFile]) -> dict:
    """The manifest: the format, the meeting, and each file's SHA-256, size and kind."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "meeting_id": meeting_id, "name": name,
            "completed_at": completed_at,
            "files": [{"name": f.name, "sha256": hashlib.sha256(f.data).hexdigest(), "bytes": len(f.data),
                       "kind": f.kind, **f.about} for f in files]}


def write_zip(files: list[PackageFile], manifest_values: dict, date_time: tuple) -> bytes:
    """The ZIP: the files in order, then manifest.json; every entry dated `date_time` (a same package, same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        entries = [(f.name, f.data) for f in files]
        entries.append((MANIFEST_NAME, json.dumps(manifest_values, ensure_ascii=False, indent=2).encode()))
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            # PDFs are compressed already; text shrinks.
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()
