"""The server processes a bench runs, each in its own process group and stopped on every exit.

The production layout is the Procfile's: every process it names (but `release`), started with the
venv's executables first on PATH, as `make production` starts them through honcho. The app target
(`wsgi:app` today) is therefore read from the Procfile, the one place that says it.
"""
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from figures import log

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REDIS_URL = "redis://127.0.0.1:6379/0"
BIN = Path(sys.executable).parent
PROCFILE = ROOT / "Procfile"
VARIABLE = re.compile(r"\$(?:(?P<name>\w+)|\{(?P<braced>\w+)(?::-(?P<default>[^}]*))?\})")


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def redis_up(host: str = HOST, port: int = 6379) -> bool:
    """Whether something accepts connections where Redis should be."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class Processes:
    """Every child process this script starts (each in its own process group), stopped on any exit."""

    def __init__(self):
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], env: dict, log_path: Path, *, pipes: bool = False) -> subprocess.Popen:
        """Start args in a new session; output to log_path, or stdin/stdout as pipes (stderr to the log)."""
        out = open(log_path, "wb")
        proc = subprocess.Popen(args, env=env, cwd=ROOT, stdin=subprocess.PIPE if pipes else subprocess.DEVNULL,
                                stdout=subprocess.PIPE if pipes else out,
                                stderr=out if pipes else subprocess.STDOUT, start_new_session=True)
        out.close()
        self.procs.append((name, proc))
        return proc

    def check(self) -> None:
        """Raise if a server process died during the run (its figures would mean nothing)."""
        for name, proc in self.procs:
            if proc.poll() is not None and not name.startswith(("py-spy", "streams")):
                raise RuntimeError(f"{name} exited with {proc.returncode} during the run")

    def kill(self, proc: subprocess.Popen) -> None:
        """SIGKILL one child's whole process group: its sockets are closed by the kernel, not by it."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)

    def stop_all(self, grace: float = 15) -> None:
        """SIGTERM every group, newest first; SIGKILL what is still there after `grace` seconds."""
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)  # the group we created: gunicorn's master and workers
                except ProcessLookupError:
                    pass
        for name, proc in reversed(self.procs):
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                log(f"{name} ignored SIGTERM; killing")
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)
        self.procs.clear()


def procfile(path: Path = PROCFILE) -> dict[str, tuple[dict, list[str]]]:
    """The Procfile's processes: name -> (leading VAR=value assignments, argv)."""
    out = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#") or ":" not in line:
            continue
        name, command = line.split(":", 1)
        words, assigned = shlex.split(command), {}
        while words and "=" in words[0] and words[0].split("=", 1)[0].isidentifier():
            key, value = words.pop(0).split("=", 1)
            assigned[key] = value
        out[name.strip()] = (assigned, words)
    return out


def start_production(procs: Processes, env: dict, log_dir: Path) -> list[tuple[str, subprocess.Popen, Path]]:
    """Start every Procfile process (but `release`) with env, as honcho would; returns (name, process, log)."""
    env = {**env, "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "PYTHONPATH": str(ROOT)}
    started = []
    for name, (assigned, words) in procfile().items():
        if name == "release":
            continue
        own = {**env, **assigned}
        argv = [_expand(w, own) for w in words]
        log_path = log_dir / f"{name}.log"
        started.append((name, procs.start(name, argv, own, log_path), log_path))
    return started


def _expand(word: str, env: dict) -> str:
    """$VAR, ${VAR} and ${VAR:-default} in a Procfile word, from the child's environment (as its shell would)."""
    return VARIABLE.sub(lambda m: env.get(m["name"] or m["braced"]) or m["default"] or "", word)


def wait_ready(base: str, started: list[tuple[str, subprocess.Popen, Path]], timeout: float = 60) -> None:
    """Until /readyz answers 200; raise with the log's tail if a process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, proc, path in started:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{path.read_text()[-3000:]}")
        try:
            if requests.get(base + "/readyz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"not ready after {timeout}s:\n{started[0][2].read_text()[-3000:]}")


def bench_database(url: str | None, name: str, data_dir: Path) -> tuple[str, callable]:
    """The database URL to use, and a function that drops it again."""
    if not url:
        return f"sqlite:///{data_dir / 'bench.sqlite'}", lambda: None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    admin_url = make_url(url)
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"--bench-db-name {name!r}: letters, digits and _ only")
    if admin_url.database == name:
        raise SystemExit("--database-url must name another database than the bench's own (it is dropped)")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()
    return admin_url.set(database=name).render_as_string(hide_password=False), drop


def clean_up(procs: Processes, drop_db, data_dir: Path, keep: bool) -> None:
    """Stop every process, drop the bench database, remove the temp dir unless kept (on every exit)."""
    import shutil

    procs.stop_all()
    try:
        drop_db()
    except Exception as exc:  # report, but still remove the temp dir
        log(f"could not drop the bench database: {exc!r}")
    if keep:
        log(f"kept {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
