"""The loaded phase of ceremony_bench: a meeting watched by many big screens while its signers sign.

The streams are held by three child processes (streams.py): the sampled ones (whose seal arrival
times are kept, in a process of their own so that parsing the others' events does not delay them), the
rest of the survivors, and the doomed ones, which are SIGKILLed at the end: the kernel closes their
sockets, the clients say nothing, and the server must notice by itself.
"""
import os
import time

from figures import log, ms, pct, sign_line
from signers import wait_completed
from streams import Fleet, fresh_read, live_streams

HAVE_TIMEOUT = 30  # seconds for every stream to catch up with the fresh read's last event


class Audience:
    """The streams on one meeting, the bursts signed under them, and what they saw."""

    def __init__(self, run, meeting: dict, data_dir, metrics_token: str):
        self.run, self.meeting, self.data_dir, self.token = run, meeting, data_dir, metrics_token
        self.env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}  # a client, not a server
        self.port = int(run.base.rsplit(":", 1)[1])
        self.path = f"/screen/{meeting['result_token']}/events"
        self.fleets, self.reports, self.reference = {}, {}, None
        self.served = self.connect_s = self.gauge_open = None
        self.completed = False
        self.dead = {}

    def gauge(self) -> float | None:
        """The open-stream gauge now (None when /metrics does not answer)."""
        return live_streams(self.run.base, self.token)

    def watch(self, ready: list[dict]) -> "Audience":
        """Open the streams, sign the bursts under them, check what every stream saw, then kill the doomed."""
        args = self.run.args
        keep = args.streams - args.dead
        sample = min(args.sample, keep)
        for name, count, timed in (("streams-sample", sample, sample), ("streams-rest", keep - sample, 0),
                                   ("streams-doomed", args.dead, 0)):
            if count:
                self.fleets[name] = Fleet(self.run.procs, name, self.port, self.path, count, timed,
                                          self.data_dir / f"{name}.log", self.env)
        try:
            self._wait_served(args.streams, args.connect_timeout)
            time.sleep(2)  # the streams' catch-up reads of the meeting's history are over before the first burst
            self.phase = self.run.bursts(self.meeting, ready, f"{args.streams} streams")
            answered = [r["end"] for r in self.phase["results"] if "end" in r]
            if len(answered) == len(ready):
                wait_completed(self.run.org, self.meeting["id"], max(answered), args.complete_timeout)
                self.completed = True
            self.reference = fresh_read(self.port, self.path, timeout=args.connect_timeout)
            if self.reference:
                self._wait_have(self.reference[-1])
            self.reports = {name: f.ask("report", timeout=120)["streams"] for name, f in self.fleets.items()}
            self._dead_clients(args.release_timeout)
        finally:
            for fleet in self.fleets.values():
                fleet.close()
        return self

    def _status(self, have: int | None = None) -> list[dict]:
        return [f.ask("status" + (f" {have}" if have is not None else "")) for f in self.fleets.values()]

    def _wait_served(self, total: int, timeout: float) -> None:
        t0 = time.monotonic()
        while True:
            self.served = sum(s["served"] for s in self._status())
            if self.served == total:
                self.connect_s = time.monotonic() - t0
                break
            if time.monotonic() - t0 > timeout:
                log(f"only {self.served}/{total} streams served after {timeout:.0f}s; going on")
                break
            time.sleep(0.5)
        for _ in range(5):  # the gauge counts a stream once its server side has started
            self.gauge_open = self.gauge()
            if self.gauge_open is not None and self.gauge_open >= self.served:
                break
            time.sleep(0.5)
        log(f"{self.served}/{total} streams served"
            + (f" in {self.connect_s:.1f}s" if self.connect_s is not None else "") + f"; gauge {self.gauge_open}")

    def _wait_have(self, last_id: int) -> None:
        deadline = time.monotonic() + HAVE_TIMEOUT
        while time.monotonic() < deadline:
            if sum(s["have"] for s in self._status(last_id)) >= self.served:
                return
            time.sleep(0.5)
        log(f"not every served stream reached event {last_id} within {HAVE_TIMEOUT}s")

    def _dead_clients(self, timeout: float) -> None:
        doomed = self.fleets.get("streams-doomed")
        if doomed is None:
            return
        live = sum(s["served"] for name, streams in self.reports.items() if name != "streams-doomed" for s in streams)
        before = self.gauge()
        doomed.kill()
        t0, last, released = time.monotonic(), None, None
        while time.monotonic() - t0 < timeout:
            value = self.gauge()
            last = value if value is not None else last
            if value == live:
                released = time.monotonic() - t0
                break
            time.sleep(0.25)
        self.dead = {"killed": self.run.args.dead, "gauge_before": before, "live": live, "released_s": released,
                     "gauge_last": last}
        log(f"dead clients: gauge {before} -> {last}, live {live}, released in {released}")

    def missed(self) -> dict:
        """Streams whose ids differ from the fresh read's (every id once, in order), and why."""
        streams = [s for group in self.reports.values() for s in group]
        out = {"streams": 0, "not_served": sum(not s["served"] for s in streams)}
        if not self.reference:
            return {**out, "streams": len(streams)}  # nothing to compare with: none is known to be complete
        ref, known = self.reference, set(self.reference)
        out.update(missing_ids=0, duplicate_ids=0, unexpected_ids=0)
        for s in streams:
            if s["ids"] != ref:
                out["streams"] += 1
                out["missing_ids"] += len(known - set(s["ids"]))
                out["duplicate_ids"] += len(s["ids"]) - len(set(s["ids"]))
                out["unexpected_ids"] += len(set(s["ids"]) - known)
        return out

    def tap_to_event(self) -> tuple[list[float], int]:
        """Seconds from each sign request's start to its `signed` event on each sampled stream; and how many never came."""
        starts = {r["participant_id"]: r["start"] for r in self.phase["results"] if "end" in r}
        seen, never = [], 0
        for s in self.reports.get("streams-sample", []):
            for pid, t0 in starts.items():
                arrived = s["signed"].get(pid)
                if arrived is None:
                    never += 1
                else:
                    seen.append(arrived - t0)
        return seen, never

    def print_figures(self, still: dict) -> int:
        """Print the loaded phase's lines; 1 when a sign request failed or a stream missed an event."""
        args, phase = self.run.args, self.phase
        n = args.streams
        reports = [s for streams in self.reports.values() for s in streams]
        print(f"streams={n} served={self.served}/{n} connect_s="
              + (f"{self.connect_s:.1f}" if self.connect_s is not None else "n/a") + f" gauge_open={_n(self.gauge_open)} "
              + sign_line(phase) + f" reconnects={sum(s['reconnects'] for s in reports)} "
              f"stream_failures={sum(s['failures'] for s in reports)}")
        p95 = [pct([r["seconds"] for r in ph["results"] if "seconds" in r], 95) for ph in (phase, still)]
        print(f"sign_p95_{n}_over_0=" + (f"{p95[0] / p95[1]:.2f}" if None not in p95 else "n/a") + " (goal <= 2)")
        seen, never = self.tap_to_event()
        print(f"tap_to_event sampled_streams={len(self.reports.get('streams-sample', []))} samples={len(seen)} "
              f"p50_ms={ms(pct(seen, 50))} p95_ms={ms(pct(seen, 95))} max_ms={ms(max(seen, default=None))} "
              f"never_arrived={never} (goal p95 <= 250 ms)")
        missed = self.missed()
        print(f"missed_events streams={missed['streams']}/{n} reference_events="
              + (str(len(self.reference)) if self.reference else "n/a (the fresh read was not served)")
              + "".join(f" {k}={v}" for k, v in missed.items() if k != "streams")
              + f" meeting_completed={'yes' if self.completed else 'no'} (goal 0)")
        d = self.dead
        if d:
            print(f"dead_clients killed={d['killed']} gauge_before={_n(d['gauge_before'])} live={d['live']} released_s="
                  + (f"{d['released_s']:.1f}" if d["released_s"] is not None else f"never_within_{args.release_timeout:.0f}")
                  + f" gauge_last={_n(d['gauge_last'])} (goal <= 10 s)")
        return 1 if phase["errors"] or missed["streams"] or not self.reference else 0


def _n(value: float | None) -> str:
    # a gauge read: /metrics may not answer at all when every request thread holds a stream
    return "n/a" if value is None else f"{value:.0f}"
