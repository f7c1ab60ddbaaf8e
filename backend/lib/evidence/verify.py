"""Checking an evidence package with nothing but the package: no database, no server, no configuration.

The checks run in this order, and every problem found is kept (the first one names what broke first):
1. the ZIP and its manifest: every file listed, present, with its SHA-256 and size; nothing unlisted;
2. the chain: events.jsonl holds events 1..n in order, each one's prev_hash and prev_digest are the
   previous event's hash and digest, and each digest recomputes (SHA-256 over the previous digest and
   the event's canonical bytes, backend.lib.evidence.chain);
3. the certificates: one self-signed root, the CAs it issued, the platform's and the events' certificates
   issued by those CAs (a fingerprint to pin may be given: the root the platform publishes);
4. the seals: each checkpoint's signature (statement version 2) verifies with a platform certificate of
   the package and names the event's own hash and digest; every booking, signature and completion event
   carries its checkpoint; events after the last checkpoint are noted as not sealed;
5. the documents: each signed PDF is the one whose SHA-256 the sealed `completed` event names, each
   original the one the sealed `meeting_booked` event names;
6. the PDF signatures (pyHanko): intact, valid, chained to the package's root, nothing but signatures and
   form filling after them, each certificate included in the package, the platform's seal last;
7. the ties: each `signed` event's seal and handwriting fields hold a sound signature by that signer,
   made with the certificate its `signature_applied` event names; no signature is left unclaimed.

What it proves: everything up to the last checkpoint is what the holder of the root CA's keys sealed,
and the PDFs are the ones it sealed. Whether that root is the platform's is for the reader to compare
(its fingerprint is printed; `root_sha256` pins it).
"""
import asyncio
import base64
import binascii
import hashlib
import io
import json
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from backend.lib.attestation.errors import AttestationError
from backend.lib.attestation.statements import checkpoint_statement, verify_statement
from backend.lib.attestation.timestamps import read_timestamp
from backend.lib.evidence import chain, layout
from backend.lib.evidence.pdfs import check_signatures

MAX_MEMBER_BYTES = 1 << 30  # a file of the ZIP larger than this is refused, not read into memory
SIGNING_MARKS = ("seal", "signature")  # marks that are signatures; dates are form field values
_TEXT_FIELDS = ("actor", "ip", "channel")


@dataclass
class Report:
    """What the verifier found: problems (anything broken), notes (true but not proven), and a summary."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def verify_package(data: bytes, *, root_sha256: str | None = None) -> Report:
    """Check an evidence package (the ZIP's bytes); root_sha256 pins the root CA's fingerprint (hex)."""
    check = _Check(Report())
    check.run(data, (root_sha256 or "").replace(":", "").lower() or None)
    return check.report


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _short(digest) -> str:
    return f"{str(digest)[:16]}…"


def _b64(value) -> bytes | None:
    try:
        return base64.b64decode(value or "", validate=True) if isinstance(value, str) else None
    except (binascii.Error, ValueError):
        return None


def _shape_problem(event) -> str | None:
    """What is wrong with the shape of one events.jsonl entry, or None."""
    if not isinstance(event, dict):
        return "is not a JSON object"
    if not isinstance(event.get("seq"), int) or isinstance(event.get("seq"), bool):
        return "has no integer seq"
    for name in ("meeting_id", "kind", "created_at", "prev_hash", "hash"):
        if not isinstance(event.get(name), str):
            return f"has no text {name}"
    if not isinstance(event.get("data"), dict):
        return "has no data object"
    if any(event.get(name) is not None and not isinstance(event.get(name), str) for name in _TEXT_FIELDS):
        return "has an actor, ip or channel that is not text"
    if any(event.get(name) is not None and not isinstance(event.get(name), str) for name in ("digest", "prev_digest")):
        return "has a digest that is not text"
    if event.get("checkpoint") is not None and not isinstance(event.get("checkpoint"), dict):
        return "has a checkpoint that is not an object"
    return None


def _name(event: dict) -> str:
    return f"event {event['seq']} ({event['kind']})"


class _Check:
    def __init__(self, report: Report):
        self.report = report
        self.members: dict[str, bytes] = {}
        self.entries: list[dict] = []
        self.meeting_id = None
        self.events: list[dict] = []
        self.root_pem = self.root_der = None
        self.platform: dict[str, bytes] = {}  # fingerprint -> PEM, chained to the root
        self.event_certs: dict[str, bytes] = {}
        self.sealed_upto = 0
        self.documents: dict[str, tuple[str, bytes]] = {}  # document id -> (file name, bytes) of the signed PDF
        self.signatures: dict[str, dict] = {}  # file name -> field -> SignatureFinding

    def problem(self, text: str) -> None:
        self.report.problems.append(text)

    def note(self, text: str) -> None:
        self.report.notes.append(text)

    def say(self, text: str) -> None:
        self.report.summary.append(text)

    def files(self, kind: str) -> list[tuple[dict, bytes]]:
        return [(e, self.members[e["name"]]) for e in self.entries
                if e.get("kind") == kind and e.get("name") in self.members]

    # -- the whole run --------------------------------------------------------------------------------
    def run(self, data: bytes, pin: str | None) -> None:
        if not self._read_zip(data) or not self._read_manifest():
            return
        self._read_events()
        self._check_certificates(pin)
        if self.events and self.root_pem:
            self._check_seals()
        if self.events:
            self._check_documents()
        if self.root_der:
            self._check_signatures()
        if self.events and self.root_der:
            self._check_ties()

    # -- 1. the ZIP and the manifest ------------------------------------------------------------------
    def _read_zip(self, data: bytes) -> bool:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            self.problem("the file is not a ZIP archive")
            return False
        seen = set()
        for info in archive.infolist():
            if info.filename in seen:
                self.problem(f"the ZIP holds two entries named {info.filename}")
                continue
            seen.add(info.filename)
            if info.file_size > MAX_MEMBER_BYTES:
                self.problem(f"{info.filename}: larger than {MAX_MEMBER_BYTES} bytes, not read")
                continue
            try:
                self.members[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as exc:
                self.problem(f"{info.filename}: cannot be read from the ZIP ({exc})")
        return True

    def _read_manifest(self) -> bool:
        raw = self.members.get(layout.MANIFEST_NAME)
        if raw is None:
            self.problem(f"{layout.MANIFEST_NAME} is missing")
            return False
        try:
            manifest = json.loads(raw)
        except ValueError:
            self.problem(f"{layout.MANIFEST_NAME} is not JSON")
            return False
        if not isinstance(manifest, dict) or manifest.get("format") != layout.FORMAT:
            self.problem(f"{layout.MANIFEST_NAME}: not a {layout.FORMAT} manifest")
            return False
        if manifest.get("format_version") != layout.FORMAT_VERSION:
            self.problem(f"{layout.MANIFEST_NAME}: format version {manifest.get('format_version')!r} is not one this "
                         f"verifier reads ({layout.FORMAT_VERSION})")
            return False
        files = manifest.get("files")
        if not isinstance(files, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in files):
            self.problem(f"{layout.MANIFEST_NAME}: its file list is not a list of named entries")
            return False
        self.meeting_id = manifest.get("meeting_id")
        listed = set()
        for entry in files:
            name = entry["name"]
            if name in listed:
                self.problem(f"{layout.MANIFEST_NAME} lists {name} twice")
                continue
            listed.add(name)
            if entry.get("kind") not in layout.KINDS:
                self.problem(f"{layout.MANIFEST_NAME}: {name} has an unknown kind {entry.get('kind')!r}")
            data = self.members.get(name)
            if data is None:
                self.problem(f"{name}: listed in the manifest but not in the ZIP")
            elif _sha(data) != entry.get("sha256"):
                self.problem(f"{name}: its SHA-256 is {_short(_sha(data))}, the manifest says {_short(entry.get('sha256'))}")
            elif len(data) != entry.get("bytes"):
                self.problem(f"{name}: {len(data)} bytes, the manifest says {entry.get('bytes')}")
            # A file that fails here is still checked below: what it is matters more than what the manifest says.
            self.entries.append(entry)
        for name in self.members:
            if name != layout.MANIFEST_NAME and name not in listed:
                self.problem(f"{name}: in the ZIP but not listed in the manifest")
        self.say(f"Evidence package ({layout.FORMAT} {layout.FORMAT_VERSION}) of meeting {self.meeting_id} "
                 f"«{manifest.get('name')}», completed {manifest.get('completed_at')}")
        self.say(f"Files: {len(listed)} listed in the manifest")
        return True

    # -- 2. the chain ---------------------------------------------------------------------------------
    def _read_events(self) -> None:
        found = self.files(layout.EVENTS)
        if len(found) != 1:
            self.problem(f"the manifest must list one events file; it lists {len(found)}")
            return
        entry, raw = found[0]
        try:
            lines = raw.decode("utf-8").splitlines()
        except UnicodeDecodeError:
            self.problem(f"{entry['name']} is not UTF-8")
            return
        for number, line in enumerate(lines, start=1):
            try:
                event = json.loads(line)
            except ValueError:
                self.problem(f"{entry['name']} line {number} is not JSON")
                return
            shape = _shape_problem(event)
            if shape:
                self.problem(f"{entry['name']} line {number} {shape}")
                return
            self.events.append(event)
        if not self.events:
            self.problem(f"{entry['name']} holds no event")
            return
        self._check_chain()

    def _check_chain(self) -> None:
        seqs = [e["seq"] for e in self.events]
        prev, expected = None, 1
        for i, event in enumerate(self.events):
            if event["meeting_id"] != self.meeting_id:
                self.problem(f"{_name(event)} belongs to meeting {event['meeting_id']}, not {self.meeting_id}")
            seq = event["seq"]
            if seq != expected:
                if seq < expected or expected in seqs[i + 1:]:
                    self.problem(f"the events are out of order: {_name(event)} comes where event {expected} belongs")
                else:
                    self.problem(f"event {expected} is missing (the next is {_name(event)})" if expected + 1 == seq
                                 else f"events {expected}–{seq - 1} are missing (the next is {_name(event)})")
            prev_hash = prev["hash"] if prev else chain.GENESIS
            prev_digest = prev["digest"] if prev else chain.GENESIS
            after = f"event {prev['seq']}" if prev else "the start of the chain"
            if event["prev_digest"] != prev_digest or event["prev_hash"] != prev_hash:
                self.problem(f"{_name(event)} does not follow {after}: its previous hash or digest is another's")
            canonical = chain.canonical_event(event["meeting_id"], seq, event["kind"], event["data"], event["actor"],
                                              event["ip"], event["channel"], event["created_at"], event["prev_hash"])
            if event.get("digest") is None or event.get("prev_digest") is None:
                self.problem(f"{_name(event)} has no public digest: it cannot be checked offline")
            elif event["digest"] != chain.public_digest(event["prev_digest"], canonical):
                self.problem(f"{_name(event)} was altered: its fields do not hash to its digest")
            prev, expected = event, max(expected, seq + 1)
        self.say(f"Audit chain: {len(self.events)} events, each digest recomputed from its fields")

    # -- 3. the certificates --------------------------------------------------------------------------
    def _load(self, name: str, data: bytes):
        try:
            return x509.load_pem_x509_certificate(data)
        except ValueError:
            self.problem(f"{name}: not a PEM certificate")
            return None

    def _check_certificates(self, pin: str | None) -> None:
        roots = self.files(layout.ROOT_CERT)
        if len(roots) != 1:
            self.problem(f"the manifest must list one root certificate; it lists {len(roots)}")
            return
        entry, pem = roots[0]
        root = self._load(entry["name"], pem)
        if root is None:
            return
        if not self._issued_by(root, [root]):
            self.problem(f"{entry['name']}: not a self-signed root certificate")
            return
        der = root.public_bytes(serialization.Encoding.DER)
        fingerprint = _sha(der)
        if pin and pin != fingerprint:
            self.problem(f"the package's root CA has SHA-256 {fingerprint}, not the {pin} asked for")
        self.root_pem, self.root_der = pem, der
        subject = root.subject.rfc4514_string()
        self.say(f"Root CA: {subject}, SHA-256 {fingerprint}"
                 + (" (as pinned)" if pin == fingerprint else " — compare it with the fingerprint the platform publishes"))
        issuers = [root]
        pending = [(e, self._load(e["name"], d)) for e, d in self.files(layout.CA_CERT)]
        pending = [(e, c) for e, c in pending if c is not None]
        while pending:  # issuing CAs, each issued by the root or by a CA already accepted
            accepted = [(e, c) for e, c in pending if self._issued_by(c, issuers)]
            if not accepted:
                for e, _c in pending:
                    self.problem(f"{e['name']}: does not chain to the package's root CA")
                break
            issuers += [c for _e, c in accepted]
            pending = [(e, c) for e, c in pending if (e, c) not in accepted]
        for kind, into in ((layout.PLATFORM_CERT, self.platform), (layout.EVENT_CERT, self.event_certs)):
            for e, data in self.files(kind):
                cert = self._load(e["name"], data)
                if cert is None:
                    continue
                if not self._issued_by(cert, issuers):
                    self.problem(f"{e['name']}: does not chain to the package's root CA")
                    continue
                into[_sha(cert.public_bytes(serialization.Encoding.DER))] = data
        self.say(f"Certificates: {len(issuers) - 1} issuing CA(s), {len(self.platform)} platform, "
                 f"{len(self.event_certs)} event certificate(s), all issued under the root")

    @staticmethod
    def _issued_by(cert, issuers) -> bool:
        for issuer in issuers:
            try:
                cert.verify_directly_issued_by(issuer)
                return True
            except Exception:  # InvalidSignature, ValueError (name mismatch), TypeError (key type)
                continue
        return False

    # -- 4. the seals ---------------------------------------------------------------------------------
    def _check_seals(self) -> None:
        good, last_good = [], 0
        for event in self.events:
            cp = event.get("checkpoint")
            if cp is None:
                if event["kind"] in chain.SEALED_KINDS:
                    self.problem(f"{_name(event)} has no checkpoint: its seal was removed")
                continue
            if self._seal_sound(event, cp, last_good):
                good.append(event)
                last_good = event["seq"]
        self.sealed_upto = last_good
        for event in self.events:
            cp = event.get("checkpoint")
            if cp is None or cp.get("digest") is not None:
                continue
            if event["seq"] > last_good:
                self.problem(f"checkpoint at {_name(event)} is version 1: it seals the keyed hash alone, which only "
                             "the platform can check; no later checkpoint seals the public digests")
            else:
                self.note(f"checkpoint at {_name(event)} is version 1 (made before public digests); the event is "
                          "sealed by a later checkpoint")
        later = [e for e in self.events if e["seq"] > last_good]
        if later and good:
            kinds = ", ".join(sorted({e["kind"] for e in later}))
            self.note(f"events {later[0]['seq']}–{later[-1]['seq']} come after the last checkpoint: they are in the "
                      f"chain but not sealed ({kinds})")
        if good:
            seals = ", ".join(f"{e['checkpoint']['reason']} #{e['seq']}" for e in good)
            stamped = sum(bool(e["checkpoint"].get("timestamp_token")) for e in good)
            self.say(f"Seals: {len(good)} checkpoints verified with the platform certificate ({seals}); "
                     f"events 1–{last_good} are sealed" + (f"; {stamped} with a timestamp token that covers it "
                                                             "(its authority is named in the token)" if stamped else ""))

    def _seal_sound(self, event: dict, cp: dict, last_good: int) -> bool:
        seq = event["seq"]
        name = f"checkpoint at {_name(event)} ({cp.get('reason')}, {cp.get('created_at')})"
        if cp.get("digest") is None:
            return False  # version 1: judged once the later seals are known
        cert = self.platform.get(cp.get("certificate_sha256"))
        signature = _b64(cp.get("signature"))
        if cert is None:
            self.problem(f"{name}: its certificate {_short(cp.get('certificate_sha256'))} is not a platform "
                         "certificate of the package")
            return False
        try:
            statement = checkpoint_statement(self.meeting_id, cp.get("seq"), cp.get("head"), cp.get("reason"),
                                             cp.get("created_at"), cp.get("digest"))
        except TypeError:
            statement = None
        if signature is None or statement is None or not verify_statement(cert, statement, signature):
            self.problem(f"{name}: the platform signature does not verify")
            return False
        if cp.get("seq") != seq:
            self.problem(f"{_name(event)} carries the platform's seal of event {cp.get('seq')} ({cp.get('reason')}): "
                         f"events before it were removed, added or reordered")
            return False
        if cp.get("head") != event["hash"] or cp.get("digest") != event.get("digest"):
            self.problem(f"{_name(event)} differs from what the platform sealed at it ({cp.get('reason')}): "
                         f"events {last_good + 1}–{seq} were changed")
            return False
        expected = chain.SEALED_KINDS.get(event["kind"])
        if cp.get("reason") != expected:
            self.problem(f"{name}: seals a {event['kind']} event as {cp.get('reason')}")
            return False
        token = cp.get("timestamp_token")
        if token:
            try:
                read_timestamp(_b64(token) or b"", signature)
            except AttestationError:
                self.problem(f"{name}: the timestamp token does not cover its signature")
                return False
        return True

    # -- 5. the documents -----------------------------------------------------------------------------
    def _sealed(self, kind: str) -> dict | None:
        found = [e for e in self.events if e["kind"] == kind]
        if not found:
            return None
        event = found[-1] if kind == "completed" else found[0]
        if event["seq"] > self.sealed_upto:
            self.problem(f"{_name(event)} is not sealed: the documents it names cannot be trusted")
        return event

    def _check_documents(self) -> None:
        completed, booked = self._sealed("completed"), self._sealed("meeting_booked")
        if completed is None or booked is None:
            self.problem(f"the chain has no {'completed' if completed is None else 'meeting_booked'} event: "
                         "this is not a completed contract's record")
            return
        finals = {d.get("id"): d.get("final_sha256") for d in completed["data"].get("documents") or []
                  if isinstance(d, dict)}
        originals = {d.get("id"): d.get("sha256") for d in booked["data"].get("documents") or [] if isinstance(d, dict)}
        for kind, hashes, event, what in ((layout.SIGNED_PDF, finals, completed, "final"),
                                          (layout.ORIGINAL_PDF, originals, booked, "original")):
            by_doc = defaultdict(list)
            for entry, data in self.files(kind):
                by_doc[entry.get("document_id")].append((entry["name"], data))
            for doc_id, files in by_doc.items():
                if doc_id not in hashes:
                    self.problem(f"{files[0][0]} names document {doc_id}, which {_name(event)} does not list")
                elif len(files) > 1:
                    self.problem(f"{len(files)} {what} PDFs name document {doc_id}: {', '.join(n for n, _ in files)}")
            for doc_id, sha in hashes.items():
                files = by_doc.get(doc_id)
                if not files:
                    self.problem(f"the {what} PDF of document {doc_id} ({_name(event)}) is not in the package")
                    continue
                name, data = files[0]
                if _sha(data) != sha:
                    self.problem(f"{name} is not the {what} document the platform sealed: its SHA-256 is "
                                 f"{_short(_sha(data))}, {_name(event)} names {_short(sha)}")
                if kind == layout.SIGNED_PDF:  # tied to its signers even when it is not the sealed file: says more
                    self.documents[doc_id] = (name, data)
        if set(originals) != set(finals):
            self.problem("the documents booked and the documents completed are not the same")
        self.say(f"Documents: {len(finals)} signed PDF(s) checked against the completed event (#{completed['seq']}), "
                 f"{len(originals)} original(s) against the booking (#{booked['seq']})")

    # -- 6. the PDF signatures ------------------------------------------------------------------------
    def _check_signatures(self) -> None:
        pdfs = [(e["name"], d, e.get("kind")) for e, d in self.files(layout.SIGNED_PDF) + self.files(layout.AUDIT_PDF)]
        if not self.files(layout.AUDIT_PDF):
            self.problem("the audit trail PDF is not in the package")
        results = asyncio.run(self._validate_all([d for _n, d, _k in pdfs]))
        for (name, _data, kind), result in zip(pdfs, results):
            if isinstance(result, str):
                self.problem(f"{name}: {result}")
                continue
            self._judge_pdf(name, kind, result)

    async def _validate_all(self, pdfs: list[bytes]) -> list:
        out = []
        for data in pdfs:
            try:
                out.append(await check_signatures(data, self.root_der))
            except ValueError as exc:
                out.append(str(exc))
        return out

    def _judge_pdf(self, name: str, kind: str, findings) -> None:
        self.signatures[name] = {f.field: f for f in findings}
        if not findings:
            self.problem(f"{name}: carries no signature")
            return
        for f in findings:
            what = f"{name}: signature {f.field} ({f.common_name})"
            if f.error:
                self.problem(f"{what}: cannot be validated ({f.error})")
            elif not f.intact:
                self.problem(f"{what}: the signed bytes were altered")
            elif not f.valid:
                self.problem(f"{what}: the signature value is invalid")
            elif not f.trusted:
                self.problem(f"{what}: its certificate does not chain to the package's root CA")
            elif f.modification_level not in ("NONE", "LTA_UPDATES", "FORM_FILLING"):
                self.problem(f"{what}: the document was changed after it ({f.modification_level})")
            if f.certificate_sha256 not in self.platform and f.certificate_sha256 not in self.event_certs:
                self.problem(f"{what}: made with a certificate the package does not include")
        last = findings[-1]
        if last.coverage != "ENTIRE_FILE":
            self.problem(f"{name}: the file has content after its last signature")
        if last.certificate_sha256 not in self.platform:
            self.problem(f"{name}: its last signature is not the platform's closing seal")
        if kind == layout.AUDIT_PDF and any(f.certificate_sha256 not in self.platform for f in findings):
            self.problem(f"{name}: signed by someone other than the platform")
        sound = sum(f.sound for f in findings)
        self.say(f"{name}: {sound} of {len(findings)} signature(s) sound: "
                 + "; ".join(f"{f.field} by {f.common_name}" + (f" ({f.organisation})" if f.organisation else "")
                             for f in findings))

    # -- 7. the ties ----------------------------------------------------------------------------------
    def _check_ties(self) -> None:
        applied = {}
        for e in self.events:
            if e["kind"] == "signature_applied":
                d = e["data"]
                applied[(d.get("participant_id"), d.get("document_id"))] = e
        claimed = defaultdict(set)
        signed = [e for e in self.events if e["kind"] == "signed"]
        for event in signed:
            self._tie(event, applied, claimed)
        for doc_id, (name, _data) in self.documents.items():
            for f in self.signatures.get(name, {}).values():
                if f.field not in claimed[doc_id] and f.certificate_sha256 not in self.platform:
                    self.problem(f"{name}: the signature in field {f.field} ({f.common_name}) is not tied to any "
                                 "signed event")
        self.say(f"Ties: {len(signed)} signed event(s), each checked against the signatures it produced")

    def _tie(self, event: dict, applied: dict, claimed: dict) -> None:
        data, signer = event["data"], event["actor"]
        who = f"{_name(event)} by {signer}"
        for mark in data.get("marks") or []:
            if not isinstance(mark, dict) or mark.get("kind") not in SIGNING_MARKS:
                continue
            doc_id = mark.get("document_id")
            field_name = mark.get("field") or f"{mark.get('kind')}_{mark.get('control_id')}"
            if doc_id not in self.documents:
                continue  # its document is missing or not the sealed one: reported already
            name = self.documents[doc_id][0]
            claimed[doc_id].add(field_name)
            finding = self.signatures.get(name, {}).get(field_name)
            if finding is None:
                self.problem(f"{who}: {name} holds no signature in field {field_name}")
                continue
            if finding.common_name != signer:
                self.problem(f"{who}: the signature in field {field_name} of {name} is by {finding.common_name}")
            organisation = data.get("enterprise_name")
            if organisation and finding.organisation != organisation:
                self.problem(f"{who}: the signature in field {field_name} of {name} names {finding.organisation}, "
                             f"not {organisation}")
            record = applied.get((data.get("participant_id"), doc_id))
            if record is None or record["seq"] < event["seq"]:
                self.problem(f"{who}: no later signature_applied event records its signature on {name}")
                continue
            named = {s.get("field"): s.get("certificate_sha256") for s in record["data"].get("signatures") or []
                     if isinstance(s, dict)}
            if not named:
                self.note(f"{_name(record)} names no certificates (written before they were recorded): {who} is tied "
                          "by the signer's name only")
            elif field_name not in named:
                self.problem(f"{who}: {_name(record)} names no certificate for field {field_name}")
            elif named[field_name] != finding.certificate_sha256:
                self.problem(f"{who}: the signature in field {field_name} of {name} was made with certificate "
                             f"{_short(finding.certificate_sha256)}, {_name(record)} names {_short(named[field_name])}")
