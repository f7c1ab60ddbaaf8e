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
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ceremony import PASSWORD, seed  # noqa: E402  (bench/ is on sys.path when run as a script)
from cpu import cpu_snapshot  # noqa: E402
from figures import log, pct  # noqa: E402
from layout import HOST, Processes, bench_database, clean_up, free_port, wait_ready  # noqa: E402
from signers import Http, bare_round, handwriting_png, sign_burst, verify_signer, wait_completed  # noqa: E402

SECRET_KEY = "sign-bench-secret-key-not-for-production"


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
        seeded = seed(app, args.signers, args.enterprises, args.pages, [args.signers] * (args.warmup + args.bursts))
        log(f"seeded in {time.perf_counter() - t:.1f}s")

        gunicorn_log, worker_log = data_dir / "gunicorn.log", data_dir / "worker.log"
        started = [("gunicorn", procs.start("gunicorn", [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads",
                                                         str(args.threads), "-w", str(args.gunicorn_workers), "-b",
                                                         f"{HOST}:{port}", "wsgi:app"], env, gunicorn_log), gunicorn_log)]
        if args.worker == "process":
            started.append(("worker", procs.start("worker", [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
                                                  env, worker_log), worker_log))
        wait_ready(base, started)
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
        clean_up(procs, drop_db, data_dir, args.keep)


if __name__ == "__main__":
    sys.exit(main())
