"""Signing under load: 20 concurrent signers against gunicorn on loopback, beside a bare JSON endpoint.

Run:  .venv/bin/python bench/sign_bench.py                      (SQLite in a temp DATA_DIR)
      .venv/bin/python bench/sign_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
      (PostgreSQL: a separate database, `signstage_bench` by default, is created on that server and dropped
      afterwards; the database named in the URL is only used to issue CREATE/DROP DATABASE.)

What it does, in one run:
  1. a temp DATA_DIR, the schema by the real migrations, and, in-process through the API with Flask's
     test client, 2+ approved enterprises, each with a generated seal granted to its signers, and a booked
     meeting starting in 10 minutes (signing open) with 20 signers, each with a seal + signature + date
     control on a multi-page PDF;
  2. gunicorn `-k gthread --threads 8 -w 2` on 127.0.0.1:<free port>, plus the job worker: by default a
     separate `flask --app wsgi worker` process with RUN_WORKER=0 in gunicorn (production's layout, and the
     PDF work then never holds the GIL of a process that answers sign requests); `--worker embedded` runs
     RUN_WORKER=1 instead (one worker thread inside each gunicorn process, the default deployment);
  3. over HTTP (not timed): every signer logs in (H5), asks for an SMS code (file backend), verifies,
     reads their documents and seals;
  4. one warm-up meeting is signed first and not counted (`--warmup`): each gunicorn process imports the
     imaging code on its first sign request and the worker loads pyHanko and the fonts on its first job;
  5. timed: the 20 sign requests at once (a thread per signer, released by a barrier, each on its own
     warmed keep-alive connection), then the organizer API is polled until the meeting is `completed`;
  6. timed, same server, same run: the same concurrency against the bare `GET /healthz`
     (`--bare-rounds` rounds of 20 before the burst and as many after completion).

Prints p50/p95 of both, their ratio (goal: sign p95 <= 3 x bare p95) and the seconds from the last sign
response to `completed`. Last line: sign_p95_over_bare_p95=<ratio>. Percentiles are linear interpolations
(statistics.quantiles, inclusive); one burst gives 20 samples, whose p95 is nearly the maximum, so
`--bursts N` (default 3) books N meetings and fires N bursts (one after the other, each waited to
completion) to pool samples. Also prints the CPU each process group used per request (from /proc).
Speed is reported, never asserted: this prints figures from one run on a noisy machine.
"""
import argparse
import base64
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

HOST = "127.0.0.1"
SECRET_KEY = "sign-bench-secret-key-not-for-production"
PASSWORD = "password-123"
HTTP_TIMEOUT = 60  # seconds, every HTTP request


# ---------------------------------------------------------------------------------------------- helpers

def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pct(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def iso(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) + delta).isoformat()


def cpu_seconds(match) -> float:
    """CPU seconds of the processes for which match(pid, pgid, comm) is true and their reaped children (/proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                raw = fh.read()
        except OSError:
            continue  # gone meanwhile
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        rest = raw[raw.rindex(")") + 2:].split()  # fields from 3 (state) on
        if match(int(entry), int(rest[2]), comm):
            # utime, stime and the children's that were waited for: backends that exit still count
            total += sum(int(v) for v in rest[11:15]) / tick
    return total


def cpu_snapshot(groups: dict) -> dict:
    """CPU seconds so far per group of processes: the named process groups, the database server, this script."""
    snap = {name: cpu_seconds(lambda pid, pgid, comm, g=pgid_: pgid == g) for name, pgid_ in groups.items()}
    snap["postgres"] = cpu_seconds(lambda pid, pgid, comm: comm.startswith("postgres"))
    snap["client"] = time.process_time()
    return snap


def credit_code(n: int) -> str:
    from backend.lib.identity.credit_code import check_character
    first17 = f"9111010{n:010d}"[:17]
    return first17 + check_character(first17)


def id_number(n: int) -> str:
    from backend.lib.identity.resident_id import check_character
    first17 = f"11010119900101{n % 1000:03d}"
    return first17 + check_character(first17)


def phone(n: int) -> str:
    return f"139{n:08d}"[-11:]


def contract_pdf(pages: int) -> bytes:
    from contracts import contract_pdf as make  # bench/ is on sys.path when run as a script
    return make(pages, lines=40, leading=18)


def handwriting_png() -> str:
    from PIL import Image, ImageDraw
    img = Image.new("RGBA", (600, 240), (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(40, 180), (160, 60), (260, 170), (380, 50), (540, 160)], fill=(20, 20, 20, 255),
                             width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


class Processes:
    """Every child process this script starts (each in its own process group), stopped on any exit."""

    def __init__(self):
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], env: dict, log_path: Path) -> subprocess.Popen:
        out = open(log_path, "wb")
        proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()
        self.procs.append((name, proc))
        return proc

    def check(self) -> None:
        for name, proc in self.procs:
            if proc.poll() is not None and not name.startswith("py-spy"):
                raise RuntimeError(f"{name} exited with {proc.returncode} during the run")

    def stop_all(self) -> None:
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)  # the group we created: gunicorn's master and workers
                except ProcessLookupError:
                    pass
        for name, proc in reversed(self.procs):
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                log(f"{name} ignored SIGTERM; killing")
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)
        self.procs.clear()


# ---------------------------------------------------------------------------------------------- database

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


# ---------------------------------------------------------------------------------------------- seeding

class Api:
    def __init__(self, client, token=None):
        self.client, self.token = client, token

    def call(self, method, url, expect=(200, 201), **kw):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        res = self.client.open(url, method=method, headers=headers, **kw)
        if res.status_code not in expect:
            raise RuntimeError(f"seeding: {method} {url} -> {res.status_code} {res.get_data(as_text=True)[:500]}")
        return res.get_json()


def api_login(client, username) -> Api:
    return Api(client, Api(client).call("POST", "/api/auth/login",
                                        json={"username": username, "password": PASSWORD})["token"])


def seed(app, signers: int, enterprises: int, pages: int, meetings: int) -> dict:
    """Enterprises, employees, granted seals and `meetings` booked meetings of `signers` signers each."""
    from backend.core.extensions import db
    from backend.core.resources import platform_ca
    from backend.models import Employee, Participant
    from backend.services.accounts import create_user

    client = app.test_client()
    n = iter(range(1, 10_000))
    with app.app_context():
        platform_ca()  # created once here, not raced by the server's processes
        create_user("bench-op", PASSWORD, "operator", None)
        db.session.commit()
    operator = api_login(client, "bench-op")

    companies, staff = [], []
    for e in range(enterprises):
        k = next(n)
        name = f"基准测试企业{e + 1}有限公司"
        ent = operator.call("POST", "/api/enterprises", json={
            "name": name, "credit_code": credit_code(k),
            "admin": {"username": f"bench-admin{e}", "password": PASSWORD}})
        admin = api_login(client, f"bench-admin{e}")
        admin.call("POST", f"/api/enterprises/{ent['id']}/strategic-signing",
                   json={"contact_name": "联系人", "contact_phone": "13700000000"})
        operator.call("POST", f"/api/enterprises/{ent['id']}/strategic-signing/decision", json={"approve": True})
        seal = admin.call("POST", "/api/seals", json={"generate": True, "name": "合同专用章", "kind": "contract"})
        companies.append({"id": ent["id"], "name": name, "admin": admin, "seal": seal})
    organizer_company = companies[0]
    organizer_company["admin"].call("POST", "/api/users", json={"username": "bench-org", "password": PASSWORD})
    organizer = api_login(client, "bench-org")

    def employee(company, person_name):
        k = next(n)
        info = {"name": person_name, "id_number": id_number(k), "phone": phone(k)}
        emp = company["admin"].call("POST", "/api/employees", json=info)
        with app.app_context():
            db.session.get(Employee, emp["id"]).status = "active"
            db.session.commit()
        return {**info, "employee_id": emp["id"], "enterprise": company}

    host = employee(organizer_company, "主持人")
    for i in range(signers):
        company = companies[i % enterprises]
        person = employee(company, f"签署人{i + 1:02d}")
        company["admin"].call("POST", f"/api/seals/{company['seal']['id']}/grants",
                              json={"employee_id": person["employee_id"]})
        staff.append(person)

    pdf = contract_pdf(pages)
    per_page = 4  # rows of controls per page; the last page stays untouched
    booked = []
    for m in range(meetings):
        meeting = organizer.call("POST", "/api/meetings", json={
            "name": f"签约基准{m + 1}", "starts_at": iso(timedelta(minutes=10)), "ends_at": iso(timedelta(hours=2))})
        mid = meeting["id"]
        organizer.call("POST", f"/api/meetings/{mid}/participants", json={
            "role": "host", "name": host["name"], "id_number": host["id_number"], "phone": host["phone"]})
        people = []
        for person in staff:
            p = organizer.call("POST", f"/api/meetings/{mid}/participants", json={
                "role": "signer", "name": person["name"], "id_number": person["id_number"],
                "phone": person["phone"], "enterprise_name": person["enterprise"]["name"]})
            people.append((p["id"], person))
        doc = organizer.call("POST", f"/api/meetings/{mid}/documents",
                             data={"file": (io.BytesIO(pdf), "战略合作协议.pdf")}, content_type="multipart/form-data")
        controls = []
        for i, (pid, _person) in enumerate(people):
            page, row = i // per_page + 1, i % per_page
            if page >= pages:
                raise SystemExit(f"--pages {pages} is too few for {signers} signers ({per_page} per page + 1)")
            for j, kind in enumerate(("seal", "signature", "date")):
                controls.append({"page": page, "x": 0.05 + 0.3 * j, "y": 0.05 + 0.23 * row, "w": 0.22,
                                 "h": 0.15 if kind != "date" else 0.05, "kind": kind, "participant_id": pid})
        organizer.call("PUT", f"/api/documents/{doc['id']}/controls", json=controls)
        organizer.call("POST", f"/api/meetings/{mid}/book")
        with app.app_context():
            scenes = {p.id: p.scene_token for p in Participant.query.filter_by(meeting_id=mid)}
        booked.append({"id": mid, "signers": [{**person, "scene": scenes[pid], "participant_id": pid}
                                              for pid, person in people]})
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # hold no connection (nor SQLite lock) while the server runs
    return {"meetings": booked, "organizer": "bench-org"}


# ---------------------------------------------------------------------------------------------- HTTP side

class Http:
    def __init__(self, base: str, token: str | None = None):
        self.base, self.session = base, requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def req(self, method, path, expect=(200, 201, 202), **kw):
        res = self.session.request(method, self.base + path, timeout=HTTP_TIMEOUT, **kw)
        if res.status_code not in expect:
            raise RuntimeError(f"{method} {path} -> {res.status_code} {res.text[:500]}")
        return res


def wait_ready(base: str, procs: list[subprocess.Popen], logs: list[Path], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc, path in zip(procs, logs):
            if proc.poll() is not None:
                raise RuntimeError(f"{proc.args[:4]} exited with {proc.returncode}:\n{path.read_text()[-3000:]}")
        try:
            if requests.get(base + "/readyz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn not ready after {timeout}s:\n{logs[0].read_text()[-3000:]}")


def sms_code(sms_path: Path, to: str, after: int, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sms_path.exists():
            lines = sms_path.read_text(encoding="utf-8").splitlines()[after:]
            mine = [json.loads(x) for x in lines if x.strip()]
            mine = [m for m in mine if m["to"] == to and m["template"] == "otp"]
            if mine:
                return mine[-1]["params"]["code"]
        time.sleep(0.05)
    raise RuntimeError(f"no SMS code for {to} after {timeout}s")


def verify_signer(base: str, signer: dict, sms_path: Path) -> dict:
    """Log in (H5), verify by SMS, read documents and seals; returns what the sign request needs."""
    http = Http(base)
    token = http.req("POST", "/api/signer/login", json={"channel": "h5"}).json()["token"]
    http.session.headers["Authorization"] = f"Bearer {token}"
    scene = f"/api/signer/scenes/{signer['scene']}"
    http.req("GET", scene)
    before = len(sms_path.read_text(encoding="utf-8").splitlines()) if sms_path.exists() else 0
    http.req("POST", scene + "/sms")
    code = sms_code(sms_path, signer["phone"], before)
    http.req("POST", scene + "/verify", json={"name": signer["name"], "id_number": signer["id_number"],
                                             "sms_code": code})
    docs = http.req("GET", scene + "/documents").json()
    seal_id = http.req("GET", scene + "/seals").json()[0]["id"]
    seals = {c["id"]: seal_id for d in docs for c in d["controls"] if c["kind"] == "seal"}
    http.session.close()
    return {"token": token, "scene": scene, "seals": seals}


def concurrent(base: str, jobs: list[tuple[dict, callable]], timeout: float = 120) -> list[dict]:
    """Run each job on its own thread and keep-alive connection; a barrier releases them together.

    A job is (headers, fn(session) -> response). Returns per job: seconds, finish time, status.
    """
    barrier = threading.Barrier(len(jobs) + 1)
    results: list[dict | None] = [None] * len(jobs)

    def run(i, headers, fn):
        s = requests.Session()
        s.headers.update(headers)
        try:
            s.get(base + "/healthz", timeout=HTTP_TIMEOUT)  # warm the connection: time the request, not connect
            barrier.wait(timeout)
            t0 = time.perf_counter()
            res = fn(s)
            t1 = time.perf_counter()
            results[i] = {"seconds": t1 - t0, "end": t1, "status": res.status_code, "body": res.text[:300]}
        except Exception as exc:  # reported below; the barrier is broken so nobody waits forever
            barrier.abort()
            results[i] = {"error": repr(exc)}
        finally:
            s.close()

    threads = [threading.Thread(target=run, args=(i, h, f), daemon=True) for i, (h, f) in enumerate(jobs)]
    for t in threads:
        t.start()
    try:
        barrier.wait(timeout)
    except threading.BrokenBarrierError:
        pass
    for t in threads:
        t.join(timeout + HTTP_TIMEOUT)
    bad = [r for r in results if r is None or "error" in r]
    if bad:
        raise RuntimeError(f"{len(bad)} concurrent requests failed: {bad[:3]}")
    return results


def bare_round(base: str, n: int) -> list[float]:
    res = concurrent(base, [({}, lambda s: s.get(base + "/healthz", timeout=HTTP_TIMEOUT))] * n)
    if any(r["status"] != 200 for r in res):
        raise RuntimeError(f"/healthz answered {[r['status'] for r in res]}")
    return [r["seconds"] for r in res]


def sign_burst(base: str, ready: list[dict], png: str) -> tuple[list[dict], list[str]]:
    """The timed burst. A failed request counts in the timings, is reported, and is retried (untimed) with
    the same Idempotency-Key, as the phone would, so that the meeting can still complete."""
    def job(r, key):
        # Encoded before the clock starts: the phone's JSON encoding is not the server's latency.
        body = json.dumps({"signature_png": png, "seals": r["seals"]}).encode()
        return ({"Authorization": f"Bearer {r['token']}", "Idempotency-Key": key, "Content-Type": "application/json"},
                lambda s: s.post(base + r["scene"] + "/sign", data=body, timeout=HTTP_TIMEOUT))
    jobs = [job(r, f"bench-{i}") for i, r in enumerate(ready)]
    res = concurrent(base, jobs)
    errors = []
    for r, (headers, fn) in zip(res, jobs):
        if r["status"] == 200:
            continue
        errors.append(f"{r['status']} {r['body'][:120].strip()}")
        log(f"sign request failed: {r['status']} {r['body'][:200]}; retrying once with the same Idempotency-Key")
        with requests.Session() as s:
            s.headers.update(headers)
            again = fn(s)
        if again.status_code != 200:
            raise RuntimeError(f"sign retry failed too: {again.status_code} {again.text[:300]}")
        r["end"] = time.perf_counter()  # completion is counted from the last successful answer
    return res, errors


def wait_completed(org: Http, meeting_id: str, since: float, timeout: float) -> float:
    """Seconds from `since` (perf_counter) until the organizer API says `completed`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = org.req("GET", f"/api/meetings/{meeting_id}").json()["status"]
        if status == "completed":
            return time.perf_counter() - since
        if status in ("cancelled", "expired"):
            raise RuntimeError(f"meeting {meeting_id} became {status}")
        time.sleep(0.1)
    raise RuntimeError(f"meeting {meeting_id} not completed after {timeout}s")


# ---------------------------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--database-url", help="PostgreSQL server to use (a separate bench database is created)")
    ap.add_argument("--bench-db-name", default="signstage_bench", help="PostgreSQL database created and dropped")
    ap.add_argument("--signers", type=int, default=20)
    ap.add_argument("--enterprises", type=int, default=2)
    ap.add_argument("--pages", type=int, default=8, help="pages of the contract (4 signers' controls per page)")
    ap.add_argument("--bursts", type=int, default=3,
                    help="meetings booked and signed one after the other (3: the p95 of 60 samples, not a maximum)")
    ap.add_argument("--warmup", type=int, default=1, help="bursts signed first and not counted (warm processes)")
    ap.add_argument("--bare-rounds", type=int, default=5, help="bare rounds before the bursts and again after")
    ap.add_argument("--worker", choices=("process", "embedded"), default="process",
                    help="jobs in a separate `flask worker` process (default) or RUN_WORKER=1 in gunicorn")
    ap.add_argument("--gunicorn-workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--complete-timeout", type=float, default=600)
    ap.add_argument("--keep", action="store_true", help="keep the temp DATA_DIR (and print it)")
    ap.add_argument("--py-spy", metavar="PATH", help="py-spy binary: record gunicorn (and the worker) during the "
                    "bursts into DATA_DIR/*.txt, collapsed stacks; implies --keep")
    args = ap.parse_args()
    args.keep = args.keep or bool(args.py_spy)
    if args.enterprises < 2 or args.signers < args.enterprises:
        raise SystemExit("need 2+ enterprises and at least one signer each")

    # Ctrl-C and SIGTERM both unwind through the finally below.
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    data_dir = Path(tempfile.mkdtemp(prefix="signbench-"))
    procs = Processes()
    drop_db = lambda: None  # noqa: E731
    try:
        db_url, drop_db = bench_database(args.database_url, args.bench_db_name, data_dir)
        sms_path = data_dir / "sms.jsonl"
        port = free_port()
        base = f"http://{HOST}:{port}"
        env = {**os.environ, "DATABASE_URL": db_url, "DATA_DIR": str(data_dir), "SECRET_KEY": SECRET_KEY,
               "SMS_BACKEND": "file", "SMS_FILE_PATH": str(sms_path), "PUBLIC_BASE_URL": base,
               "RUN_WORKER": "1" if args.worker == "embedded" else "0", "PYTHONUNBUFFERED": "1",
               # every simulated phone comes from this one address: the per-address limits must not count
               "SIGNER_LOGIN_RATE_LIMIT": "100000 per minute", "SIGNER_SMS_RATE_LIMIT": "100000 per hour",
               "SIGNER_VERIFY_RATE_LIMIT": "100000 per minute", "LOG_FORMAT": "text"}
        env.pop("REDIS_URL", None)
        for k in ("WECHAT_APPID", "WECHAT_SECRET", "WECHAT_API_BASE_URL"):
            env.pop(k, None)  # H5 only: no WeChat calls in the timings

        log(f"DATA_DIR {data_dir}; database {db_url.split('@')[-1]}")
        from flask_migrate import upgrade

        from backend.app import create_app
        app = create_app({"DATA_DIR": str(data_dir), "SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": SECRET_KEY,
                          "SMS_BACKEND": "file", "SMS_FILE_PATH": str(sms_path), "RUN_WORKER": False,
                          "PUBLIC_BASE_URL": base})
        t = time.perf_counter()
        with app.app_context():
            upgrade()
        log(f"migrations {time.perf_counter() - t:.1f}s; seeding {args.warmup + args.bursts} meeting(s) x "
            f"{args.signers} signers, {args.enterprises} enterprises")
        t = time.perf_counter()
        seeded = seed(app, args.signers, args.enterprises, args.pages, args.warmup + args.bursts)
        log(f"seeded in {time.perf_counter() - t:.1f}s")

        gunicorn_log, worker_log = data_dir / "gunicorn.log", data_dir / "worker.log"
        started = [procs.start("gunicorn", [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads",
                                            str(args.threads), "-w", str(args.gunicorn_workers), "-b",
                                            f"{HOST}:{port}", "wsgi:app"], env, gunicorn_log)]
        logs = [gunicorn_log]
        if args.worker == "process":
            started.append(procs.start("worker", [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
                                       env, worker_log))
            logs.append(worker_log)
        wait_ready(base, started, logs)
        log(f"gunicorn ready on {base} (-w {args.gunicorn_workers} gthread x{args.threads}); worker: {args.worker}")

        org_token = Http(base).req("POST", "/api/auth/login",
                                   json={"username": seeded["organizer"], "password": PASSWORD}).json()["token"]
        org = Http(base, org_token)
        png = handwriting_png()

        def burst(label: str, meeting: dict) -> tuple[list[float], float]:
            t = time.perf_counter()
            ready = [verify_signer(base, s, sms_path) for s in meeting["signers"]]
            log(f"{label}: {len(ready)} signers logged in and verified over HTTP "
                f"({time.perf_counter() - t:.1f}s, not timed)")
            procs.check()  # a crashed child would make the figures meaningless
            before = cpu_snapshot(groups)
            res, errors = sign_burst(base, ready, png)
            after = cpu_snapshot(groups)
            for k in after:
                cpu_per_sign[k].append((after[k] - before[k]) / len(ready))
            sign_errors.extend(errors)
            last = max(r["end"] for r in res)
            done = wait_completed(org, meeting["id"], last, args.complete_timeout)
            secs = [r["seconds"] for r in res]
            log(f"{label}: sign p50 {pct(secs, 50) * 1000:.0f} ms, max {max(secs) * 1000:.0f} ms; "
                f"completed {done:.2f}s after the last sign response")
            return secs, done

        groups = {name: proc.pid for name, proc in procs.procs}  # each child leads its own process group
        cpu_per_sign = {k: [] for k in (*groups, "postgres", "client")}
        meetings, sign_errors = seeded["meetings"], []
        for m in range(args.warmup):  # first requests of each process import lazily; the worker loads pyHanko
            burst(f"warm-up {m + 1} (not counted)", meetings[m])
            bare_round(base, args.signers)
        bare = []
        before = cpu_snapshot(groups)
        for _ in range(args.bare_rounds):
            bare += bare_round(base, args.signers)
        after = cpu_snapshot(groups)
        cpu_per_bare = {k: (after[k] - before[k]) / len(bare) for k in after}
        spies = []
        if args.py_spy:
            for name, proc in list(procs.procs):
                out = data_dir / f"py-spy-{name}.txt"
                spies.append(procs.start(f"py-spy {name}", [args.py_spy, "record", "--pid", str(proc.pid),
                                                            "--subprocesses", "--threads", "--rate", "250",
                                                            "--format", "raw", "-o", str(out)],
                                         env, data_dir / f"py-spy-{name}.log"))
            time.sleep(2)  # let py-spy attach before the first burst
        signs, completions = [], []
        for v in cpu_per_sign.values():
            v.clear()  # only the counted bursts
        sign_errors.clear()  # only the counted bursts' errors are reported
        load_before = os.getloadavg()[0]
        for m, meeting in enumerate(meetings[args.warmup:]):
            secs, done = burst(f"burst {m + 1}", meeting)
            signs += secs
            completions.append(done)
        for spy in spies:
            spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
            spy.wait(30)
        for _ in range(args.bare_rounds):
            bare += bare_round(base, args.signers)
        procs.check()
        with app.app_context():  # read-only: jobs that had to be retried (deadlocks, lock timeouts, crashes)
            from backend.core.extensions import db
            from backend.models import SigningJob
            retried = SigningJob.query.filter(SigningJob.attempts > 1).count()
            db.session.remove()
            db.engine.dispose()
        tracebacks = 0
        for path in (gunicorn_log, worker_log):
            text = path.read_text(errors="replace") if path.exists() else ""
            tracebacks += text.count("Traceback")
            causes = sorted({line.strip()[:200] for line in text.splitlines()
                             if line.startswith(("sqlalchemy.exc.", "psycopg.errors.", "DETAIL:", "CONTEXT:"))})
            if causes:
                log(f"errors in {path.name}:\n  " + "\n  ".join(causes))

        ms = lambda v: f"{v * 1000:.1f}"  # noqa: E731
        sign_p50, sign_p95 = pct(signs, 50), pct(signs, 95)
        bare_p50, bare_p95 = pct(bare, 50), pct(bare, 95)
        dialect = "postgresql" if args.database_url else "sqlite"
        worker = args.worker
        print(f"database={dialect} gunicorn=-w{args.gunicorn_workers}/gthread/{args.threads} worker={worker} "
              f"signers={args.signers} enterprises={args.enterprises} pages={args.pages} bursts={args.bursts} "
              f"warmup={args.warmup} cpus={os.cpu_count()} loadavg1={load_before:.1f}->{os.getloadavg()[0]:.1f}")
        print(f"sign_requests={len(signs)} sign_p50_ms={ms(sign_p50)} sign_p95_ms={ms(sign_p95)} "
              f"sign_max_ms={ms(max(signs))} sign_errors={len(sign_errors)}"
              + (f" ({'; '.join(sorted(set(sign_errors)))[:300]})" if sign_errors else ""))
        print(f"bare_requests={len(bare)} bare_p50_ms={ms(bare_p50)} bare_p95_ms={ms(bare_p95)} "
              f"bare_max_ms={ms(max(bare))}")
        print("last_sign_to_completed_s=" + ",".join(f"{c:.2f}" for c in completions)
              + f" job_retries={retried} server_tracebacks={tracebacks}")
        shown = [k for k, v in cpu_per_sign.items() if v and (k != "postgres" or args.database_url)]
        print("cpu_ms_per_sign_during_burst " + " ".join(f"{k}={statistics.mean(cpu_per_sign[k]) * 1000:.1f}"
                                                         for k in shown))
        print("cpu_ms_per_bare_request " + " ".join(
            f"{k}={v * 1000:.1f}" for k, v in cpu_per_bare.items() if k != "postgres" or args.database_url))
        print(f"ratio_p50={sign_p50 / bare_p50:.2f} ratio_p95={sign_p95 / bare_p95:.2f}")
        # The closing figure: what one sign request costs the web processes, in CPU milliseconds.
        print(f"cpu_ms_per_sign={statistics.mean(cpu_per_sign['gunicorn']) * 1000:.1f}")
        return 1 if sign_errors else 0
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except BaseException:
        args.keep = True  # the logs explain the failure
        for path in sorted(data_dir.glob("*.log")):
            if not path.name.startswith("py-spy"):
                tail = path.read_text(errors="replace").splitlines()[-80:]
                log(f"--- tail of {path}:\n" + "\n".join(tail))
        raise
    finally:
        procs.stop_all()
        try:
            drop_db()
        except Exception as exc:  # report, but still remove the temp dir
            log(f"could not drop the bench database: {exc!r}")
        if args.keep:
            log(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
