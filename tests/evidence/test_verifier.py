"""The offline verifier on real packages: intact says so, and each kind of tampering is named as the first problem.

Every package comes from a real ceremony (booked, verified, signed by every signer, the completion job run) and
the verifier runs as a person runs it: `python -m backend.lib.evidence verify PACKAGE.zip`, in its own process.
A forger who edits a file also rewrites the manifest's hashes (pack()), unless the case is about the manifest.
"""
import hashlib
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from backend.lib.evidence.chain import GENESIS, canonical_event, public_digest
from tests.evidence.conftest import Unpacked, run_verifier


def _redigest(events: list[dict]) -> list[dict]:
    """What a forger can do without any key: renumber, relink and recompute every public digest."""
    prev_hash, prev_digest = GENESIS, GENESIS
    for n, e in enumerate(events, start=1):
        e["seq"], e["prev_hash"], e["prev_digest"] = n, prev_hash, prev_digest
        e["digest"] = prev_digest = public_digest(prev_digest, canonical_event(
            e["meeting_id"], n, e["kind"], e["data"], e["actor"], e["ip"], e["channel"], e["created_at"], e["prev_hash"]))
        prev_hash = e["hash"]  # the keyed link cannot be recomputed without the server's key: kept as it was
    return events


def _index(events, kind, nth=0) -> int:
    return [i for i, e in enumerate(events) if e["kind"] == kind][nth]


def _sealed_before(events, i) -> int:
    return max((e["seq"] for e in events[:i] if e["checkpoint"]), default=0)


def test_an_intact_package_passes_and_says_what_it_checked(package, tmp_path):
    verdict = run_verifier(tmp_path, package)
    assert verdict.code == 0, verdict.output
    assert verdict.output.strip().splitlines()[-1] == "RESULT: intact — every check passed"
    unpacked = Unpacked.of(package)
    events = unpacked.events
    assert f"Audit chain: {len(events)} events" in verdict.output
    reasons = [e["checkpoint"]["reason"] for e in events if e["checkpoint"]]
    assert reasons == ["booked", "signed", "signed", "completed"]
    assert all(e["checkpoint"]["v"] == 2 for e in events if e["checkpoint"])
    assert f"events 1–{events[-1]['seq']} are sealed" in verdict.output
    # Each signer's seal and handwriting, then the platform's closing seal, all sound.
    assert "合同（已签署）.pdf: 5 of 5 signature(s) sound" in verdict.output
    assert "Ties: 2 signed event(s)" in verdict.output
    # The package holds what the issue lists.
    kinds = {f["kind"] for f in unpacked.manifest["files"]}
    assert kinds == {"signed_pdf", "original_pdf", "audit_trail_pdf", "audit_trail_json", "events", "root_certificate",
                     "ca_certificate", "platform_certificate", "event_certificate"}
    assert len(unpacked.named("event_certificate")) == 4  # one per signature: two signers, seal and handwriting each
    # Each signature_applied event names the certificate of each field it signed: the package's event certificates.
    named = {s["certificate_sha256"] for e in events if e["kind"] == "signature_applied" for s in e["data"]["signatures"]}
    assert named == {name.rsplit("/", 1)[1].removesuffix(".pem") for name in unpacked.named("event_certificate")}
    assert "names no certificates" not in verdict.output


def test_the_root_can_be_pinned_to_the_fingerprint_the_platform_publishes(package, tmp_path):
    root = x509.load_pem_x509_certificate(Unpacked.of(package).members["certificates/root-ca.pem"])
    fingerprint = hashlib.sha256(root.public_bytes(Encoding.DER)).hexdigest()
    colons = ":".join(fingerprint[i:i + 2] for i in range(0, 64, 2)).upper()
    assert run_verifier(tmp_path, package, "--root-sha256", colons).code == 0
    verdict = run_verifier(tmp_path, package, "--root-sha256", "ab" * 32)
    assert verdict.code == 1
    assert verdict.first_problem == f"the package's root CA has SHA-256 {fingerprint}, not the {'ab' * 32} asked for"


def test_one_events_data_changed_is_named(package, tmp_path):
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, "verified")
    events[i]["data"]["method"] = "wechat_face"
    unpacked.events = events
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    assert verdict.first_problem == f"event {events[i]['seq']} (verified) was altered: its fields do not hash to its digest"


def test_one_events_data_changed_and_every_digest_recomputed_is_caught_by_the_next_seal(package, tmp_path):
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, "verified")
    events[i]["data"]["method"] = "wechat_face"
    unpacked.events = _redigest(events)
    sealed = next(e for e in events[i:] if e["checkpoint"])
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    assert verdict.first_problem == (f"event {sealed['seq']} ({sealed['kind']}) differs from what the platform sealed at "
                                     f"it ({sealed['checkpoint']['reason']}): events {_sealed_before(events, i) + 1}–"
                                     f"{sealed['seq']} were changed")


def test_an_event_removed_is_named(package, tmp_path):
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, "sms_sent")
    gone = events.pop(i)
    unpacked.events = events
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    assert verdict.first_problem == f"event {gone['seq']} is missing (the next is event {gone['seq'] + 1} ({events[i]['kind']}))"


def test_an_event_removed_and_the_rest_renumbered_is_caught_by_the_seals(package, tmp_path):
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, "sms_sent")
    events.pop(i)
    unpacked.events = _redigest(events)
    sealed = next(e for e in events[i:] if e["checkpoint"])
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    assert verdict.first_problem == (f"event {sealed['seq']} ({sealed['kind']}) carries the platform's seal of event "
                                     f"{sealed['seq'] + 1} (signed): events before it were removed, added or reordered")


def test_two_events_swapped_are_named(package, tmp_path):
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, "sms_sent")
    first, second = events[i], events[i + 1]
    events[i], events[i + 1] = second, first
    unpacked.events = events
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    assert verdict.first_problem == (f"the events are out of order: event {second['seq']} ({second['kind']}) comes where "
                                     f"event {first['seq']} belongs")


def test_two_events_swapped_and_renumbered_are_caught_by_the_seals(package, tmp_path):
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, "sms_sent")
    events[i], events[i + 1] = events[i + 1], events[i]
    unpacked.events = _redigest(events)
    sealed = next(e for e in events[i:] if e["checkpoint"])
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    assert verdict.first_problem == (f"event {sealed['seq']} ({sealed['kind']}) differs from what the platform sealed at "
                                     f"it (signed): events {_sealed_before(events, i) + 1}–{sealed['seq']} were changed")


def test_a_pdf_replaced_by_another_meetings_signed_pdf_is_named(package, other_package, tmp_path):
    unpacked, other = Unpacked.of(package), Unpacked.of(other_package)
    [name] = unpacked.named("signed_pdf")
    genuine = other.members[other.named("signed_pdf")[0]]
    assert run_verifier(tmp_path, other_package).code == 0  # the stranger's PDF is itself a sound contract
    unpacked.members[name] = genuine
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    completed = next(e for e in unpacked.events if e["kind"] == "completed")
    final = completed["data"]["documents"][0]["final_sha256"]
    assert verdict.first_problem == (f"{name} is not the final document the platform sealed: its SHA-256 is "
                                     f"{hashlib.sha256(genuine).hexdigest()[:16]}…, event {completed['seq']} (completed) "
                                     f"names {final[:16]}…")
    # ... and no signed event finds its signature in it.
    assert "holds no signature in field seal_" in verdict.output


@pytest.mark.parametrize("fix_manifest", [False, True], ids=["manifest as it was", "manifest rewritten"])
def test_one_byte_of_a_pdf_changed_is_named(package, tmp_path, fix_manifest):
    unpacked = Unpacked.of(package)
    [name] = unpacked.named("signed_pdf")
    pdf = bytearray(unpacked.members[name])
    at = pdf.index(b"ReportLab")  # in the original's first revision: every signature covers it
    pdf[at] = ord("X")
    unpacked.members[name] = bytes(pdf)
    verdict = run_verifier(tmp_path, unpacked.pack(fix_manifest=fix_manifest))
    assert verdict.code == 1
    sha = hashlib.sha256(pdf).hexdigest()
    if fix_manifest:
        assert verdict.first_problem.startswith(f"{name} is not the final document the platform sealed: its SHA-256 is "
                                                f"{sha[:16]}…")
        # The signatures themselves say so too, each of them.
        assert verdict.output.count(": the signed bytes were altered") == 5, verdict.output
    else:
        listed = next(f["sha256"] for f in unpacked.manifest["files"] if f["name"] == name)
        assert verdict.first_problem == f"{name}: its SHA-256 is {sha[:16]}…, the manifest says {listed[:16]}…"


def test_the_manifest_edited_is_named(package, tmp_path):
    unpacked = Unpacked.of(package)
    manifest = unpacked.manifest
    entry = next(f for f in manifest["files"] if f["name"] == "events.jsonl")
    real = entry["sha256"]
    entry["sha256"] = hashlib.sha256(b"other events").hexdigest()
    unpacked.members["manifest.json"] = json.dumps(manifest).encode()
    verdict = run_verifier(tmp_path, unpacked.pack(fix_manifest=False))
    assert verdict.code == 1
    assert verdict.first_problem == f"events.jsonl: its SHA-256 is {real[:16]}…, the manifest says {entry['sha256'][:16]}…"


def test_a_manifest_that_drops_a_file_or_names_another_meeting_is_named(package, tmp_path):
    unpacked = Unpacked.of(package)
    manifest = unpacked.manifest
    dropped = manifest["files"].pop()  # the last event certificate
    unpacked.members["manifest.json"] = json.dumps(manifest).encode()
    verdict = run_verifier(tmp_path, unpacked.pack(fix_manifest=False))
    assert verdict.code == 1 and verdict.first_problem == f"{dropped['name']}: in the ZIP but not listed in the manifest"

    unpacked = Unpacked.of(package)
    manifest = unpacked.manifest
    real, manifest["meeting_id"] = manifest["meeting_id"], "0123456789abcdef"
    unpacked.members["manifest.json"] = json.dumps(manifest).encode()
    verdict = run_verifier(tmp_path, unpacked.pack(fix_manifest=False))
    assert verdict.code == 1
    assert verdict.first_problem == f"event 1 (meeting_created) belongs to meeting {real}, not 0123456789abcdef"


@pytest.mark.parametrize("which", ["signed", "completed"])
def test_a_checkpoint_seal_removed_is_named(package, tmp_path, which):
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, which)
    events[i]["checkpoint"] = None
    unpacked.events = events
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    assert verdict.first_problem == f"event {events[i]['seq']} ({which}) has no checkpoint: its seal was removed"


def test_a_checkpoint_moved_to_a_forged_digest_does_not_verify(package, tmp_path):
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, "verified")
    events[i]["data"]["method"] = "wechat_face"
    _redigest(events)
    for e in events[i:]:  # every seal made to name the forged chain: the platform's signatures no longer fit
        if e["checkpoint"]:
            e["checkpoint"]["digest"] = e["digest"]
    unpacked.events = events
    verdict = run_verifier(tmp_path, unpacked.pack())
    sealed = next(e for e in events[i:] if e["checkpoint"])
    assert verdict.code == 1
    assert verdict.first_problem == (f"checkpoint at event {sealed['seq']} ({sealed['kind']}) ({sealed['checkpoint']['reason']}, "
                                     f"{sealed['checkpoint']['created_at']}): the platform signature does not verify")


def test_what_is_not_a_package_is_refused(tmp_path):
    verdict = run_verifier(tmp_path, b"%PDF-1.7 not a zip")
    assert verdict.code == 1 and verdict.first_problem == "the file is not a ZIP archive"
    missing = tmp_path / "nothing-here.zip"
    import subprocess
    import sys

    from tests.evidence.conftest import REPO
    done = subprocess.run([sys.executable, "-m", "backend.lib.evidence", "verify", str(missing)], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "cannot read" in done.stderr


_IMPORTS = """
import json, sys
from backend.lib.evidence.__main__ import main
code = main(["verify", sys.argv[1]])
print("MODULES " + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("backend", "flask", "sqlalchemy"))))
sys.exit(code)
"""


@pytest.mark.slow
def test_the_verifier_runs_in_a_fresh_virtualenv_with_only_its_declared_packages(package, tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    from tests.evidence.conftest import REPO

    archive = tmp_path / "package.zip"
    archive.write_bytes(package)
    # Which of backend it really imports, found by running it here (lazy imports included).
    done = subprocess.run([sys.executable, "-c", _IMPORTS, str(archive)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    modules = json.loads(done.stdout.rsplit("MODULES ", 1)[1])
    assert all(m == "backend" or m.startswith("backend.lib.") or m == "backend.lib" for m in modules), modules
    # Copy just those files, and the declared requirements, into a folder of their own.
    src = tmp_path / "src"
    for module in modules:
        path = Path(*module.split("."))
        source = REPO / path / "__init__.py" if (REPO / path).is_dir() else REPO / path.with_suffix(".py")
        (src / source.relative_to(REPO)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, src / source.relative_to(REPO))
    requirements = src / "backend/lib/evidence/requirements.txt"
    shutil.copy(REPO / "backend/lib/evidence/requirements.txt", requirements)
    assert not (src / "backend/app.py").exists() and not (src / "backend/services").exists()

    # A plain virtualenv (no system site packages) with only what requirements.txt declares.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    install = subprocess.run([python, "-m", "pip", "install", "-q", "-r", str(requirements)], env=env,
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    for absent in ("flask", "sqlalchemy", "pypdf", "reportlab", "backend.app"):
        probe = subprocess.run([python, "-c", f"import {absent}"], cwd=src, env=env, capture_output=True, text=True)
        assert probe.returncode != 0, f"{absent} is importable in the fresh virtualenv"

    intact = run_verifier(tmp_path, package, python=python, cwd=src)
    assert intact.code == 0, intact.output
    assert intact.output.strip().splitlines()[-1] == "RESULT: intact — every check passed"
    unpacked = Unpacked.of(package)
    events = unpacked.events
    i = _index(events, "verified")
    events[i]["data"]["method"] = "wechat_face"
    unpacked.events = events
    tampered = run_verifier(tmp_path, unpacked.pack(), python=python, cwd=src)
    assert tampered.code == 1 and tampered.first_problem.endswith("was altered: its fields do not hash to its digest")


def test_a_checkpoints_timestamp_token_must_cover_its_signature(package, tmp_path, app):
    import base64

    from backend.core.resources import platform_ca
    from backend.lib.attestation.timestamps import timestamp_token
    from backend.lib.pdf.finish import timestamper_for

    stamper = timestamper_for(platform_ca(), None)  # the platform's local authority, as without TSA_URL
    unpacked = Unpacked.of(package)
    events = unpacked.events
    completed = events[_index(events, "completed")]
    sealed = completed["checkpoint"]
    sealed["timestamp_token"] = base64.b64encode(timestamp_token(stamper, base64.b64decode(sealed["signature"]))).decode()
    unpacked.events = events
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 0 and "1 with a timestamp token that covers it" in verdict.output, verdict.output
    sealed["timestamp_token"] = base64.b64encode(timestamp_token(stamper, b"another signature")).decode()
    unpacked.events = events
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    assert verdict.first_problem == (f"checkpoint at event {completed['seq']} (completed) (completed, "
                                     f"{sealed['created_at']}): the timestamp token does not cover its signature")


def _reseal(events: list[dict]) -> list[dict]:
    """What only the platform's own key can do: recompute the digests and sign every checkpoint again."""
    import base64

    from backend.core.resources import platform_ca
    from backend.lib.attestation.statements import checkpoint_statement, sign_statement

    key = platform_ca().platform_credential().key_pem
    for e in _redigest(events):
        cp = e["checkpoint"]
        if cp:
            cp["digest"] = e["digest"]
            statement = checkpoint_statement(e["meeting_id"], cp["seq"], cp["head"], cp["reason"], cp["created_at"],
                                             cp["digest"])
            cp["signature"] = base64.b64encode(sign_statement(key, statement)).decode()
    return events


def test_a_signed_event_tied_to_another_certificate_is_named_even_under_sound_seals(package, tmp_path, app):
    """The ties hold the platform to its own record: a signature_applied event naming the wrong certificate fails."""
    unpacked = Unpacked.of(package)
    events = unpacked.events
    first, second = (e for e in events if e["kind"] == "signature_applied")
    mine, theirs = first["data"]["signatures"][0], second["data"]["signatures"][0]
    real, mine["certificate_sha256"] = mine["certificate_sha256"], theirs["certificate_sha256"]
    unpacked.events = _reseal(events)
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 1
    signed = next(e for e in events if e["kind"] == "signed" and e["data"]["participant_id"] == first["data"]["participant_id"])
    assert verdict.first_problem == (f"event {signed['seq']} (signed) by {signed['actor']}: the signature in field "
                                     f"{mine['field']} of 合同（已签署）.pdf was made with certificate {real[:16]}…, "
                                     f"event {first['seq']} (signature_applied) names {theirs['certificate_sha256'][:16]}…")
    # Without the record of its certificate at all, the field is named too.
    first["data"]["signatures"] = first["data"]["signatures"][1:]
    unpacked.events = _reseal(events)
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.first_problem == (f"event {signed['seq']} (signed) by {signed['actor']}: event {first['seq']} "
                                     f"(signature_applied) names no certificate for field {mine['field']}")


def test_events_after_the_last_checkpoint_are_reported_as_not_sealed(package, tmp_path):
    """What the platform has not sealed yet (a later download, say) is shown as such: anyone could have added it."""
    unpacked = Unpacked.of(package)
    events = unpacked.events
    last = events[-1]
    added = {**last, "seq": last["seq"] + 1, "kind": "copy_downloaded", "data": {"file": "contract"}, "checkpoint": None,
             "actor": None}
    events.append(added)
    unpacked.events = _redigest(events)
    verdict = run_verifier(tmp_path, unpacked.pack())
    assert verdict.code == 0, verdict.output
    assert (f"note: events {added['seq']}–{added['seq']} come after the last checkpoint: they are in the chain but not "
            "sealed (copy_downloaded)") in verdict.output
    assert f"events 1–{last['seq']} are sealed" in verdict.output
