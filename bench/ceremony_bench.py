"""The ceremony under load: signers signing while up to a thousand big screens watch, on the production layout.

Run:  .venv/bin/python bench/ceremony_bench.py                 (SQLite in a temp DATA_DIR)
      .venv/bin/python bench/ceremony_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
      .venv/bin/python bench/ceremony_bench.py --quick         (a smoke run: 100 streams, one burst, 2 and 10 signers)

The processes are the Procfile's (gunicorn with gunicorn.conf.py and the app target the Procfile names,
the job worker with RUN_WORKER=0), with Redis at REDIS_URL and a fresh PROMETHEUS_MULTIPROC_DIR. In one run:
  1. seeding in-process (see ceremony.py), then every signer of every meeting logs in and verifies over HTTP
     (not timed); a warm-up meeting is signed and completed first (not counted);
  2. 0 streams: `--bursts` bursts of `--signers` concurrent sign requests in one meeting, the job worker
     drained after each;
  3. last sign -> `completed` for each `--completion` size (10, 50, 100), every signer of the meeting at once;
     the final PDF's bytes per signer; the largest checked with pdfsig and with the project's verifier;
  4. `--streams` open streams (asyncio clients in child processes, see streams.py) on another meeting, from its
     first event: the same bursts; sign tap -> `signed` on `--sample` streams; whether every stream saw every
     event id exactly once (against one fresh read from the start); then `--dead` of the clients are
     SIGKILLed and /metrics is polled until the open-stream gauge is back to the live count.
Last line: completion_<largest>_over_<smallest>=<ratio>. Figures from one run; speed is never asserted.
"""
import argparse
import os
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audience import Audience  # noqa: E402  (bench/ is on sys.path when run as a script)
from ceremony import PASSWORD, pages_for, seed  # noqa: E402
from completion import completion, pdfsig, verifier  # noqa: E402
from cpu import cpu_snapshot  # noqa: E402
from figures import log, ms, pct, sign_line  # noqa: E402
from layout import (  # noqa: E402
    HOST,
    REDIS_URL,
    Processes,
    bench_database,
    clean_up,
    free_port,
    procfile,
    redis_up,
    start_production,
    wait_ready,
)
from signers import Http, handwriting_png, sign_burst, verify_all, wait_completed  # noqa: E402

SECRET_KEY = "ceremony-bench-secret-key-not-for-production"
QUICK = {"streams": 100, "dead": 50, "sample": 10, "signers": 10, "bursts": 1, "completion": "2,10"}
FULL = {"streams": 1000, "dead": None, "sample": 50, "signers": 20, "bursts": 3, "completion": "10,50,100"}


def options() -> argparse.Namespace:
    """The command line; --quick changes the defaults of the figures' sizes, never an explicit flag."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--database-url", help="PostgreSQL server to use (a separate bench database is created)")
    ap.add_argument("--bench-db-name", default="signstage_ceremony_bench", help="PostgreSQL database created and dropped")
    ap.add_argument("--streams", type=int, help="open streams in the loaded phase (1000; --quick 100)")
    ap.add_argument("--dead", type=int, help="of those, clients killed without closing (half)")
    ap.add_argument("--sample", type=int, help="streams on which sign tap -> event is timed (50)")
    ap.add_argument("--signers", type=int, help="signers per burst (20)")
    ap.add_argument("--bursts", type=int, help="bursts per phase, pooled (3)")
    ap.add_argument("--warmup", type=int, default=1, help="meetings signed first and not counted")
    ap.add_argument("--completion", help="meeting sizes for last sign -> completed (10,50,100)")
    ap.add_argument("--enterprises", type=int, default=2)
    ap.add_argument("--pages", type=int, default=8, help="contract pages at least (more when the signers need them)")
    ap.add_argument("--heartbeat", type=float, help="LIVE_HEARTBEAT_SECONDS for the servers (default: the app's)")
    ap.add_argument("--web-concurrency", type=int, help="WEB_CONCURRENCY for the servers (default: gunicorn.conf.py's)")
    ap.add_argument("--connect-timeout", type=float, default=60, help="seconds to wait for every stream to be served")
    ap.add_argument("--release-timeout", type=float, default=60, help="seconds to wait for dead clients' release")
    ap.add_argument("--complete-timeout", type=float, default=600)
    ap.add_argument("--keep", action="store_true", help="keep the temp DATA_DIR (and print it)")
    ap.add_argument("--quick", action="store_true", help="a smoke run with small sizes")
    args = ap.parse_args()
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.dead = args.streams // 2 if args.dead is None else args.dead
    args.completion = sorted(int(n) for n in args.completion.split(","))
    if args.enterprises < 2 or args.signers < args.enterprises or not 0 <= args.dead < args.streams:
        raise SystemExit("need 2+ enterprises, a signer each, and fewer dead clients than streams")
    return args


def server_env(args, data_dir: Path, db_url: str, port: int, metrics_token: str) -> dict:
    """The servers' environment: the production layout's, with the bench's one-address load allowed."""
    env = {**os.environ, "DATABASE_URL": db_url, "DATA_DIR": str(data_dir), "SECRET_KEY": SECRET_KEY,
           "SMS_BACKEND": "file", "SMS_FILE_PATH": str(data_dir / "sms.jsonl"), "PUBLIC_BASE_URL": f"http://{HOST}:{port}",
           "BIND": f"{HOST}:{port}", "REDIS_URL": REDIS_URL, "RUN_WORKER": "0", "PYTHONUNBUFFERED": "1",
           "LOG_FORMAT": "text", "METRICS_TOKEN": metrics_token, "PROMETHEUS_MULTIPROC_DIR": str(data_dir / "metrics"),
           "RATELIMIT_KEY_PREFIX": f"ceremony-bench-{secrets.token_hex(4)}",  # Redis is shared with other runs
           "LIVE_STREAM_SECONDS": "3600",  # no stream ends within the run: reconnects would muddy the figures
           # every simulated phone comes from this one address: the per-address limits must not count
           "SIGNER_LOGIN_RATE_LIMIT": "100000 per minute", "SIGNER_SMS_RATE_LIMIT": "100000 per hour",
           "SIGNER_VERIFY_RATE_LIMIT": "100000 per minute",
           # the 100-signer contract goes through the project's verifier: its budgets must fit it
           "VERIFY_MAX_SIGNATURES": "1000", "VERIFY_CPU_SECONDS": "900", "VERIFY_TIMEOUT_SECONDS": "900"}
    for key in ("WECHAT_APPID", "WECHAT_SECRET", "WECHAT_API_BASE_URL", "PORT", "MULTI_NODE", "STORAGE_URL"):
        env.pop(key, None)  # H5 only, the bench's own port and files
    if args.heartbeat:
        env["LIVE_HEARTBEAT_SECONDS"] = str(args.heartbeat)
    if args.web_concurrency:
        env["WEB_CONCURRENCY"] = str(args.web_concurrency)
    (data_dir / "metrics").mkdir()
    return env


class Run:
    """What every phase needs: the server, the organizer, the job queue, the processes and their CPU."""

    def __init__(self, args, app, procs: Processes, base: str, org: Http):
        self.args, self.app, self.procs, self.base, self.org = args, app, procs, base, org
        self.png = handwriting_png()

    def pending_jobs(self, meeting_id: str) -> int:
        """Signing jobs of the meeting not yet done (read from the database, as the worker sees it)."""
        from backend.core.extensions import db
        from backend.models import SigningJob
        with self.app.app_context():
            n = SigningJob.query.filter(SigningJob.meeting_id == meeting_id,
                                        SigningJob.status.in_(("queued", "running"))).count()
            db.session.remove()
        return n

    def drain(self, meeting_id: str, timeout: float = 300) -> bool:
        """Wait until the worker has applied every signature of the meeting: bursts never overlap its PDF work."""
        deadline = time.monotonic() + timeout
        while self.pending_jobs(meeting_id):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True

    def cpu(self) -> dict:
        """CPU seconds so far by process group (gunicorn, the worker, the stream clients, this script)."""
        return cpu_snapshot({name: proc.pid for name, proc in self.procs.procs if proc.poll() is None})

    def bursts(self, meeting: dict, ready: list[dict], label: str) -> dict:
        """`--bursts` bursts of `--signers` sign requests in one meeting, the worker drained after each."""
        n, results, errors, cpu = self.args.signers, [], [], {}
        for b in range(self.args.bursts):
            self.procs.check()
            part = ready[b * n:(b + 1) * n]
            before = self.cpu()
            res, errs = sign_burst(self.base, part, self.png, strict=False)
            after = self.cpu()  # the burst only: the worker's PDF work while draining is not the sign request's
            for k in after:
                cpu[k] = cpu.get(k, 0.0) + after[k] - before.get(k, after[k])
            for r, signer in zip(res, part):
                r["participant_id"] = signer["participant_id"]
            results += res
            errors += errs
            drained = self.drain(meeting["id"])
            ok, secs = sum(r.get("status") == 200 for r in res), [r["seconds"] for r in res if "seconds" in r]
            log(f"{label} burst {b + 1}: {ok}/{len(res)} signed, p50 {ms(pct(secs, 50))} ms"
                + ("" if drained else "; the worker did not drain"))
            if not any("end" in r for r in res):
                log(f"{label}: no sign request of the burst was answered; the other bursts are skipped")
                break
        if not self.args.database_url:
            cpu.pop("postgres", None)  # another program's server, if any
        return {"results": results, "errors": errors, "cpu": {k: v / max(1, len(results)) * 1000 for k, v in cpu.items()}}


def main() -> int:
    args = options()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    if not redis_up():
        raise SystemExit("the production layout needs Redis on 127.0.0.1:6379")
    data_dir = Path(tempfile.mkdtemp(prefix="ceremonybench-"))
    procs, drop_db, code = Processes(), (lambda: None), 1
    try:
        db_url, drop_db = bench_database(args.database_url, args.bench_db_name, data_dir)
        port, metrics_token = free_port(), secrets.token_hex(16)
        base = f"http://{HOST}:{port}"
        env = server_env(args, data_dir, db_url, port, metrics_token)
        from flask_migrate import upgrade

        from backend.app import create_app
        app = create_app({"DATA_DIR": str(data_dir), "SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": SECRET_KEY,
                          "SMS_BACKEND": "file", "SMS_FILE_PATH": env["SMS_FILE_PATH"], "RUN_WORKER": False,
                          "PUBLIC_BASE_URL": base})
        with app.app_context():
            upgrade()
        phase_size = args.signers * args.bursts
        sizes = [args.signers] * args.warmup + [phase_size, phase_size] + args.completion
        pages = max(args.pages, pages_for(max(sizes)))
        log(f"DATA_DIR {data_dir}; database {db_url.split('@')[-1]}; seeding {len(sizes)} meetings {sizes}, {pages} pages")
        t = time.perf_counter()
        seeded = seed(app, max(sizes), args.enterprises, pages, sizes)
        log(f"seeded in {time.perf_counter() - t:.1f}s")

        started = start_production(procs, env, data_dir)
        wait_ready(base, started)
        commands = {name: " ".join(words) for name, (_env, words) in procfile().items()}
        log(f"ready on {base}: " + "; ".join(f"{n}: {c}" for n, c in commands.items()))
        org = Http(base, Http(base).req("POST", "/api/auth/login", json={"username": seeded["organizer"],
                                                                         "password": PASSWORD}).json()["token"])
        run = Run(args, app, procs, base, org)
        meetings = seeded["meetings"]
        warm, quiet, loaded, sized = (meetings[:args.warmup], meetings[args.warmup], meetings[args.warmup + 1],
                                      meetings[args.warmup + 2:])
        t = time.perf_counter()
        ready = {m["id"]: verify_all(base, m["signers"], Path(env["SMS_FILE_PATH"])) for m in meetings}
        log(f"{sum(len(v) for v in ready.values())} signers logged in and verified over HTTP "
            f"({time.perf_counter() - t:.1f}s, not timed)")

        for m in warm:  # first requests of each process import lazily; the worker loads pyHanko
            res, _errors = sign_burst(base, ready[m["id"]], run.png)
            wait_completed(org, m["id"], max(r["end"] for r in res), args.complete_timeout)
        log("warm-up signed and completed (not counted)")
        load_before = os.getloadavg()[0]
        still = run.bursts(quiet, ready[quiet["id"]], "0 streams")
        completions = [completion(run, m, ready[m["id"]], data_dir) for m in sized]
        largest = completions[-1]
        checks = [f"pdfsig signers={largest['signers']} " + pdfsig(largest["pdf"]),
                  f"verifier signers={largest['signers']} " + verifier(run, largest["pdf"])] if largest["pdf"] else []
        for line in checks:
            log(line)
        watched = Audience(run, loaded, data_dir, metrics_token).watch(ready[loaded["id"]])

        retried, tracebacks = health(app, data_dir)
        web, worker = commands.get("web", "?"), commands.get("worker", "?")
        print(f'layout web="{web}" worker="{worker}" database={"postgresql" if args.database_url else "sqlite"} '
              f"redis=yes heartbeat_s={args.heartbeat or 'default'} streams={args.streams} dead={args.dead} "
              f"sample={args.sample} signers={args.signers} bursts={args.bursts} cpus={os.cpu_count()} "
              f"loadavg1={load_before:.1f}->{os.getloadavg()[0]:.1f}")
        print("streams=0 " + sign_line(still))
        code = 0 if not still["errors"] else 1
        code |= watched.print_figures(still)
        for c in completions:
            per = (c["bytes"] - c["original"]) / c["signers"] if c["pdf"] else None
            print(f"completion signers={c['signers']} last_sign_to_completed_s="
                  + (f"{c['seconds']:.2f}" if c["seconds"] is not None else "n/a")
                  + (f" pdf_bytes={c['bytes']} original_bytes={c['original']} bytes_per_signer={per:.0f}" if per else "")
                  + f" sign_errors={len(c['errors'])}")
            code |= 1 if c["errors"] else 0
        done = [c for c in completions if c["pdf"]]
        if len(done) >= 2:
            a, b = done[-2], done[-1]
            print(f"pdf_growth_per_signer_{a['signers']}_to_{b['signers']}="
                  f"{(b['bytes'] - a['bytes']) / (b['signers'] - a['signers']):.0f} (goal <= 25000 bytes)")
        for line in checks:
            print(line)
            code |= 0 if ("all_valid=yes" in line or "authentic=true" in line) else 1
        print(f"job_retries={retried} server_tracebacks={tracebacks}")
        small, big = completions[0], completions[-1]
        ratio = (f"{big['seconds'] / small['seconds']:.2f}" if small["seconds"] and big["seconds"] is not None
                 else "n/a")
        print(f"completion_{big['signers']}_over_{small['signers']}={ratio}")
        return code
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except BaseException:
        args.keep = True  # the logs explain the failure
        for path in sorted(data_dir.glob("*.log")):
            log(f"--- tail of {path}:\n" + "\n".join(path.read_text(errors="replace").splitlines()[-60:]))
        raise
    finally:
        clean_up(procs, drop_db, data_dir, args.keep)


def health(app, data_dir: Path) -> tuple[int, int]:
    """Signing jobs that needed a retry, and tracebacks in the servers' logs."""
    from backend.core.extensions import db
    from backend.models import SigningJob
    with app.app_context():
        retried = SigningJob.query.filter(SigningJob.attempts > 1).count()
        db.session.remove()
        db.engine.dispose()
    tracebacks = sum(p.read_text(errors="replace").count("Traceback") for p in data_dir.glob("*.log")
                     if not p.name.startswith("streams"))
    return retried, tracebacks


if __name__ == "__main__":
    sys.exit(main())
