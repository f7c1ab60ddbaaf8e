"""A contract's files as people download them: signed PDFs under their originals' names, and the evidence ZIP
that anyone can check offline (backend/lib/evidence: the format, and `python -m backend.lib.evidence verify`)."""
import json
from datetime import timedelta

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from backend.core.resources import files, platform_ca
from backend.lib.attestation.statements import certificate_sha256
from backend.lib.evidence import layout
from backend.lib.evidence.layout import PackageFile
from backend.lib.evidence.pdfs import signer_certificates
from backend.lib.pdf.finish import AUDIT_FIELD, PLATFORM_FIELD
from backend.models import AdminUser
from backend.services.audit import evidence_events, sealing_certificates
from backend.services.contracts import audit_pdf, audit_trail, get_contract
from backend.services.download_names import audit_trail_entries, evidence_name, original_name, signed_name

SHANGHAI_OFFSET = timedelta(hours=8)


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    n, candidate = 1, name
    while candidate in taken:
        n += 1
        candidate = f"{stem}({n}).{ext}" if dot else f"{name}({n})"
    taken.add(candidate)
    return candidate


def _certificates(meeting_id: str, pdfs: list[bytes]) -> list[PackageFile]:
    """The root, the issuing CAs, the platform's certificates (checkpoints, closing seals) and the event certificates."""
    ca = platform_ca()
    out = [PackageFile(layout.ROOT_NAME, ca.root_pem, layout.ROOT_CERT)]
    for n, cert in enumerate(ca.chain[:-1], start=1):
        name = f"certificates/issuing-ca{'' if n == 1 else f'-{n}'}.pem"
        out.append(PackageFile(name, cert.public_bytes(Encoding.PEM), layout.CA_CERT))
    platform, events = dict(sealing_certificates(meeting_id)), {}
    for pdf in pdfs:  # the certificates the PDFs carry: every signature's own
        for field_name, der in signer_certificates(pdf).items():
            pem = x509.load_der_x509_certificate(der).public_bytes(Encoding.PEM)
            (platform if field_name in (PLATFORM_FIELD, AUDIT_FIELD) else events)[certificate_sha256(pem)] = pem
    for folder, kind, found in ((layout.PLATFORM_DIR, layout.PLATFORM_CERT, platform),
                                (layout.EVENT_CERTS_DIR, layout.EVENT_CERT, events)):
        out += [PackageFile(layout.certificate_name(folder, sha), pem, kind) for sha, pem in sorted(found.items())]
    return out


def evidence_zip(actor: AdminUser, meeting_id: str) -> tuple[str, bytes]:
    """A completed contract's evidence package (409 until the contract and its audit trail are written)."""
    meeting = get_contract(actor, meeting_id)
    trail_pdf = audit_pdf(actor, meeting.id)  # refuses before completion, or while the trail is written
    package, taken, signed = [], set(), []
    for doc in meeting.documents:
        data = files().get(doc.current_key or doc.original_key)
        signed.append(data)
        package.append(PackageFile(_unique(signed_name(doc), taken), data, layout.SIGNED_PDF,
                                   {"document_id": doc.id, "original_filename": doc.filename}))
    trail = json.dumps(audit_trail(actor, meeting.id), ensure_ascii=False, indent=2).encode()
    pdf_name, json_name = audit_trail_entries()
    package.append(PackageFile(_unique(pdf_name, taken), trail_pdf, layout.AUDIT_PDF))
    package.append(PackageFile(_unique(json_name, taken), trail, layout.AUDIT_JSON))
    package.append(PackageFile(layout.EVENTS_NAME, layout.events_file(evidence_events(meeting.id)), layout.EVENTS))
    for doc in meeting.documents:
        package.append(PackageFile(_unique(f"{layout.ORIGINALS_DIR}/{original_name(doc)}", taken), files().get(doc.original_key),
                                   layout.ORIGINAL_PDF, {"document_id": doc.id, "original_filename": doc.filename}))
    package += _certificates(meeting.id, signed + [trail_pdf])
    manifest = layout.manifest(meeting.id, meeting.name,
                               meeting.completed_at.isoformat() if meeting.completed_at else None, package)
    # Entries dated by the sealing, in Beijing time (ZIP keeps local times): the same contract, the same ZIP.
    stamp = ((meeting.completed_at or meeting.starts_at) + SHANGHAI_OFFSET).timetuple()[:6]
    return evidence_name(meeting), layout.write_zip(package, manifest, stamp)
