"""CI entry for the mini-program: `node --test miniprogram_stub` against the live app and the fake WeChat."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")


def _node_major() -> int:
    out = subprocess.run([NODE, "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.match(r"v(\d+)", out.strip()).group(1))


pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
    pytest.mark.skipif(NODE is not None and _node_major() < 20, reason="the node:test runner needs Node 20+"),
]

LIVE_VARS = ("SIGNSTAGE_", "FAKE_WECHAT_URL")


def _run_node(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, "--test", "miniprogram_stub"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def _report(proc: subprocess.CompletedProcess) -> str:
    lines = proc.stdout.splitlines()
    failures = [i for i, line in enumerate(lines) if line.lstrip().startswith("not ok")]
    # Each failure with its YAML block (the assertion, expected and actual), up to the block's end.
    blocks = []
    for i in failures:
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "..."), min(i + 40, len(lines)))
        blocks.append("\n".join(lines[i:end + 1]))
    return "\n".join(blocks) + "\n--- stdout (tail) ---\n" + proc.stdout[-4000:] + "\n--- stderr ---\n" + proc.stderr[-3000:]


def _summary(stdout: str, key: str) -> int:
    match = re.search(rf"^# {key} (\d+)$", stdout, re.M)
    return int(match.group(1)) if match else -1


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith(LIVE_VARS)}


def test_node_client_against_the_live_app(app, live_server, live_meeting, fake_wechat):
    from backend.core.extensions import db
    from backend.models import Participant, SignatureRecord

    meeting_id, (first, second) = live_meeting
    env = _clean_env()
    env.update({
        "SIGNSTAGE_BASE_URL": live_server, "FAKE_WECHAT_URL": fake_wechat.base_url,
        "SIGNSTAGE_SCENE": first["scene"], "SIGNSTAGE_SIGNER_NAME": first["name"],
        "SIGNSTAGE_SIGNER_ID_NUMBER": first["id_number"], "SIGNSTAGE_SIGNER_PHONE": first["phone"],
        "SIGNSTAGE_SCENE_2": second["scene"], "SIGNSTAGE_SIGNER_NAME_2": second["name"],
        "SIGNSTAGE_SIGNER_ID_NUMBER_2": second["id_number"], "SIGNSTAGE_SIGNER_PHONE_2": second["phone"],
        "SIGNSTAGE_SMS_FILE": app.config["SMS_FILE_PATH"],
        "SIGNSTAGE_SIGNER_LANGUAGE_2": "en",  # the second walks the page in English, the server's own words
    })
    db.session.get(Participant, second["participant_id"]).language = "en"
    # SQLite: release this thread's connection so the server threads can take the write lock.
    db.session.commit()
    db.session.remove()

    proc = _run_node(env)

    assert proc.returncode == 0, _report(proc)
    assert _summary(proc.stdout, "skipped") == 0, "live tests must run, not skip:\n" + _report(proc)
    assert _summary(proc.stdout, "pass") >= 30, _report(proc)
    # What the Node client did is on the server: each signer signed exactly once, via WeChat.
    records = SignatureRecord.query.filter_by(meeting_id=meeting_id).all()
    assert sorted(r.participant_id for r in records) == sorted([first["participant_id"], second["participant_id"]])
    assert {db.session.get(Participant, s["participant_id"]).status for s in (first, second)} == {"signed"}
    assert {r.verification_method for r in records} == {"wechat_phone", "sms"}
    assert {r.channel for r in records} == {"wechat"}
    # And what they submitted makes a valid contract once the signing jobs have run.
    from backend.core.resources import files, platform_ca
    from backend.lib.pdf.verify import verify_pdf
    from backend.models import Document, Meeting
    from backend.services import jobs
    jobs.run_pending()
    assert db.session.get(Meeting, meeting_id).status == "completed"
    doc = Document.query.filter_by(meeting_id=meeting_id).one()
    report = verify_pdf(files().get(doc.current_key), platform_ca().trust_roots)
    assert report.authentic and not report.modified_after_signing, report
    mine = [sig for sig in report.signatures if sig.signer_name in {first["name"], second["name"]}]
    assert len(mine) == 4 and all(sig.intact and sig.valid and sig.trusted for sig in mine)  # seal + signature each


def test_without_a_live_app_the_node_tests_skip_the_live_parts_and_pass():
    proc = _run_node(_clean_env())
    assert proc.returncode == 0, _report(proc)
    assert _summary(proc.stdout, "skipped") == 2, _report(proc)
    assert "live app not configured" in proc.stdout
    assert _summary(proc.stdout, "pass") >= 30, _report(proc)
