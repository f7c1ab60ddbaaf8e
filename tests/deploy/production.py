"""The production layout for deployment tests: the Procfile's processes, started as honcho would.

The app target and the web server's settings are read from the Procfile and gunicorn.conf.py (their
owners' files), so these tests follow a change of either without an edit here.
"""
import os
import re
import runpy
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"
VARIABLE = re.compile(r"\$(?:(?P<name>\w+)|\{(?P<braced>\w+)(?::-(?P<default>[^}]*))?\})")


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_up() -> bool:
    """Whether Redis accepts connections on 127.0.0.1:6379."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def procfile() -> dict[str, tuple[dict, list[str]]]:
    """The Procfile's processes: name -> (leading VAR=value assignments, argv)."""
    out = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if ":" not in line or line.lstrip().startswith("#"):
            continue
        name, command = line.split(":", 1)
        words, assigned = shlex.split(command), {}
        while words and "=" in words[0] and words[0].split("=", 1)[0].isidentifier():
            key, value = words.pop(0).split("=", 1)
            assigned[key] = value
        out[name.strip()] = (assigned, words)
    return out


def threaded_web() -> bool:
    """Whether the web process is the threaded WSGI server, where each open stream holds a thread."""
    _assigned, words = procfile().get("web", ({}, []))
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py")) if "gunicorn.conf.py" in words else {}
    return words[-1:] == ["wsgi:app"] and settings.get("worker_class", "gthread") == "gthread"


def start(env: dict, log_dir: Path) -> list[tuple[str, subprocess.Popen, Path]]:
    """Every Procfile process but `release`, each in its own process group; (name, process, log) each."""
    env = {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", "PYTHONPATH": str(ROOT)}
    started = []
    for name, (assigned, words) in procfile().items():
        if name == "release":
            continue
        own = {**env, **assigned}
        argv = [_expand(w, own) for w in words]
        log = log_dir / f"{name}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(argv, cwd=ROOT, env=own, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        started.append((name, proc, log))
    return started


def _expand(word: str, env: dict) -> str:
    """$VAR, ${VAR} and ${VAR:-default}, from the child's environment, as its shell would."""
    return VARIABLE.sub(lambda m: env.get(m["name"] or m["braced"]) or m["default"] or "", word)


def wait_ready(url: str, started, timeout: float = 60) -> None:
    """Until GET /readyz answers 200; fail with the logs' tails if a process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dead = [(name, proc.returncode, log) for name, proc, log in started if proc.poll() is not None]
        if dead:
            raise AssertionError("; ".join(f"{n} exited with {rc}: {log.read_text()[-2000:]}" for n, rc, log in dead))
        try:
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still booting
            pass
        time.sleep(0.2)
    raise AssertionError(f"not ready after {timeout}s: {started[0][2].read_text()[-3000:]}")


def stop(started, grace: float = 10) -> None:
    """SIGTERM every process group; SIGKILL what is left after `grace` seconds."""
    for _name, proc, _log in started:
        _signal_group(proc, signal.SIGTERM)
    for _name, proc, _log in started:
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait(5)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # the group it leads: gunicorn's master and its workers
    except ProcessLookupError:
        pass
