"""Real evidence packages from completed ceremonies, ways to take them apart and put them back, and the verifier run
as a person runs it: `python -m backend.lib.evidence verify PACKAGE.zip` in a process of its own."""
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Packages are bytes: built once per session from real ceremonies, then tampered with copy by copy.
_built: dict[str, bytes] = {}


def complete(booked, **kw):
    """A booked meeting every signer has signed, with the worker's jobs run: the contract is complete."""
    from backend.services import jobs

    c = booked(**kw)
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    jobs.run_pending()
    return c


def download(c) -> bytes:
    res = c.org.admin.get(f"/api/contracts/{c.meeting['id']}/evidence.zip")
    assert res.status_code == 200, res.get_json()
    return res.data


def _package(request, key: str, **kw) -> bytes:
    if key not in _built:
        _built[key] = download(complete(request.getfixturevalue("booked"), **kw))
    return _built[key]


@pytest.fixture
def package(request) -> bytes:
    """The evidence ZIP of a completed two-signer ceremony (one signer per enterprise)."""
    return _package(request, "two signers")


@pytest.fixture
def other_package(request) -> bytes:
    """The evidence ZIP of another completed ceremony: its signed PDF is genuine, but of another meeting."""
    return _package(request, "another meeting")


@dataclass
class Unpacked:
    """A package taken apart: its files in order (manifest.json included), to change and pack again."""

    members: dict[str, bytes]

    @classmethod
    def of(cls, data: bytes) -> "Unpacked":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return cls({name: archive.read(name) for name in archive.namelist()})

    @property
    def manifest(self) -> dict:
        return json.loads(self.members["manifest.json"])

    def named(self, kind: str) -> list[str]:
        return [f["name"] for f in self.manifest["files"] if f["kind"] == kind]

    @property
    def events(self) -> list[dict]:
        return [json.loads(line) for line in self.members["events.jsonl"].decode().splitlines()]

    @events.setter
    def events(self, events: list[dict]) -> None:
        from backend.lib.evidence.layout import events_file
        self.members["events.jsonl"] = events_file(events)

    def pack(self, *, fix_manifest: bool = True) -> bytes:
        """A ZIP of the members; with fix_manifest, the manifest's hashes rewritten as a forger would."""
        members = dict(self.members)
        if fix_manifest:
            manifest = self.manifest
            for f in manifest["files"]:
                f["sha256"], f["bytes"] = hashlib.sha256(members[f["name"]]).hexdigest(), len(members[f["name"]])
            members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return out.getvalue()


@dataclass
class Verdict:
    code: int
    output: str

    @property
    def first_problem(self) -> str | None:
        last = self.output.strip().splitlines()[-1]
        marker = "first problem: "
        return last.split(marker, 1)[1] if marker in last else None


def run_verifier(tmp_path: Path, data: bytes, *args: str, python: str = sys.executable, cwd: Path = REPO) -> Verdict:
    """The verifier as a person runs it, on the package written to a file; its exit status and output."""
    path = tmp_path / f"evidence-{hashlib.sha256(data).hexdigest()[:8]}.zip"
    path.write_bytes(data)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    done = subprocess.run([python, "-m", "backend.lib.evidence", "verify", str(path), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    return Verdict(done.returncode, done.stdout + done.stderr)
