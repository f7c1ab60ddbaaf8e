"""Big-screen viewers: asyncio clients, each a raw HTTP/1.1 connection reading a screen's event stream.

Run as a child process (`python bench/streams.py --port P --path /screen/T/events --count N`), it opens
N streams from the start of the meeting and answers one JSON line per command read on stdin:
`status [ID]` (how many are served, how many have seen event ID), `report` (every stream's event ids,
reconnects and, with --sample, when each `signed` event arrived, on the perf_counter clock, which is
CLOCK_MONOTONIC and so shared by every process of the machine), `close`. A stream that ends is
reopened with Last-Event-ID, and counted. The parent side is Fleet; `fresh_read` reads a meeting's
whole list once; `live_streams` reads the open-stream gauge from /metrics.
"""
import argparse
import asyncio
import json
import resource
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


class Viewer:
    """One stream's view: the event ids in arrival order and, on a sampled stream, when each seal arrived."""

    def __init__(self, sample: bool):
        self.sample, self.ids, self.signed = sample, [], {}
        self.served = False
        self.reconnects = self.failures = 0
        self.error = None
        self.retry = 2.0

    def on_block(self, block: bytes, arrived: float) -> None:
        """One SSE message (lines without the blank line that ends it)."""
        event_id, data = None, []
        for line in block.split(b"\n"):
            if line.startswith(b"id:"):
                event_id = line[3:].strip()
            elif line.startswith(b"data:"):
                data.append(line[5:].removeprefix(b" "))
            elif line.startswith(b"retry:") and line[6:].strip().isdigit():
                self.retry = int(line[6:].strip()) / 1000
        if not data:
            return  # a comment (heartbeat) or the retry line
        if event_id:
            self.ids.append(int(event_id))
        if self.sample:
            payload = json.loads(b"\n".join(data))
            if payload.get("kind") == "signed":
                self.signed.setdefault(payload.get("participant_id"), arrived)


async def _body(reader, chunked: bool):
    """The response body's pieces as they arrive (chunked or close-delimited)."""
    while True:
        if not chunked:
            data = await reader.read(65536)
            if not data:
                return
            yield data
            continue
        size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            return
        yield (await reader.readexactly(size + 2))[:-2]


async def watch(viewer: Viewer, host: str, port: int, path: str, stopping: asyncio.Event, *,
                idle: float | None = None, opening: asyncio.Semaphore | None = None):
    """Read the stream until stopping is set (or, with idle, until it has been quiet that long); reconnect on end."""
    while not stopping.is_set():
        writer = None
        try:
            async with opening or asyncio.Semaphore():  # a thousand SYNs at once would only measure the backlog
                reader, writer = await asyncio.open_connection(host, port, limit=2 ** 20)
            resume = f"Last-Event-ID: {viewer.ids[-1]}\r\n" if viewer.ids else ""
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n"
                         f"Cache-Control: no-cache\r\n{resume}\r\n".encode())
            await writer.drain()
            status = (await reader.readline()).split(b" ", 2)
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                key, _, value = line.decode("latin-1").partition(":")
                headers[key.strip().lower()] = value.strip().lower()
            if len(status) < 2 or status[1] != b"200":
                raise ConnectionError(f"status {status[1:2]}")
            viewer.served = True
            buf, quiet_since = b"", time.perf_counter()
            body = _body(reader, headers.get("transfer-encoding") == "chunked")
            while True:
                try:
                    # quiet means no event for `idle` seconds: heartbeats may come more often than that
                    wait = idle - (time.perf_counter() - quiet_since) if idle else None
                    data = await (asyncio.wait_for(anext(body), max(wait, 0.001)) if idle else anext(body))
                except StopAsyncIteration:
                    break
                except asyncio.TimeoutError:
                    return  # quiet for `idle` seconds: the fresh read is complete
                arrived = time.perf_counter()
                buf = (buf + data).replace(b"\r\n", b"\n")  # a \r split from its \n is joined next time
                seen = len(viewer.ids)
                while (end := buf.find(b"\n\n")) >= 0:
                    viewer.on_block(buf[:end], arrived)
                    buf = buf[end + 2:]
                if len(viewer.ids) > seen:
                    quiet_since = arrived
            viewer.reconnects += 1  # the server ended the stream; a browser reopens it with Last-Event-ID
            await asyncio.sleep(viewer.retry)  # after the `retry:` it was given, as EventSource does
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
            viewer.failures += 1
            viewer.error = repr(exc)[:200]
            await asyncio.sleep(viewer.retry)
        finally:
            if writer is not None:
                writer.close()


async def _serve(args) -> None:
    viewers = [Viewer(i < args.sample) for i in range(args.count)]
    stopping, commands = asyncio.Event(), asyncio.Queue()
    loop = asyncio.get_running_loop()

    def read_stdin():
        for line in sys.stdin:
            loop.call_soon_threadsafe(commands.put_nowait, line.split())
        loop.call_soon_threadsafe(commands.put_nowait, ["close"])

    threading.Thread(target=read_stdin, daemon=True).start()
    opening = asyncio.Semaphore(args.connect_concurrency)
    tasks = [asyncio.create_task(watch(v, args.host, args.port, args.path, stopping, opening=opening))
             for v in viewers]
    while True:
        command = await commands.get()
        if not command:
            continue
        if command[0] == "status":
            have = int(command[1]) if len(command) > 1 else None
            out = {"served": sum(v.served for v in viewers), "events": sum(len(v.ids) for v in viewers),
                   "reconnects": sum(v.reconnects for v in viewers), "failures": sum(v.failures for v in viewers),
                   "errors": sorted({v.error for v in viewers if v.error})[:5]}
            if have is not None:
                out["have"] = sum(1 for v in viewers if v.ids and max(v.ids) >= have)
        elif command[0] == "report":
            out = {"streams": [{"ids": v.ids, "served": v.served, "reconnects": v.reconnects, "failures": v.failures,
                                **({"signed": v.signed} if v.sample else {})} for v in viewers]}
        else:  # close
            stopping.set()
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            print(json.dumps({"closed": len(tasks)}), flush=True)
            return
        print(json.dumps(out), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description="stream clients for ceremony_bench (a child process)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--path", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--sample", type=int, default=0, help="the first SAMPLE streams note when each seal arrives")
    ap.add_argument("--connect-concurrency", type=int, default=100)
    args = ap.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # one descriptor per stream
    asyncio.run(_serve(args))


# ---------------------------------------------------------------------------------------------- parent side

class Fleet:
    """A child process holding `count` streams (the first `sample` of them timed), driven over its pipes."""

    def __init__(self, procs, name: str, port: int, path: str, count: int, sample: int, log_path: Path, env: dict):
        self.name, self.count, self.procs = name, count, procs
        self.proc: subprocess.Popen = procs.start(
            name, [sys.executable, str(HERE / "streams.py"), "--port", str(port), "--path", path,
                   "--count", str(count), "--sample", str(sample)], env, log_path, pipes=True)

    def ask(self, command: str, timeout: float = 60) -> dict:
        """Send one command; its JSON answer."""
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else b""
        if not line:
            raise RuntimeError(f"{self.name}: no answer to {command!r} (exit status {self.proc.poll()})")
        return json.loads(line)

    def kill(self) -> None:
        """SIGKILL the process: its streams vanish without a goodbye."""
        self.procs.kill(self.proc)

    def close(self) -> None:
        """Close every stream and let the process exit."""
        if self.proc.poll() is None:
            try:
                self.ask("close", timeout=30)
            except (RuntimeError, OSError):
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def fresh_read(port: int, path: str, idle: float = 2.0, timeout: float = 30) -> list[int] | None:
    """Every event id of the stream from the start, read by one new client until it is quiet for `idle` seconds."""
    async def read():
        viewer = Viewer(sample=False)
        try:
            await asyncio.wait_for(watch(viewer, "127.0.0.1", port, path, asyncio.Event(), idle=idle), timeout)
        except asyncio.TimeoutError:
            return None  # never served, or never quiet
        return viewer.ids if viewer.served else None
    return asyncio.run(read())


def live_streams(base: str, token: str | None = None, timeout: float = 2) -> float | None:
    """The open-stream gauge (signstage_live_streams) from /metrics; None when it does not answer."""
    import requests
    try:
        res = requests.get(base + "/metrics", timeout=timeout,
                           headers={"Authorization": f"Bearer {token}"} if token else {})
    except requests.RequestException:
        return None
    if res.status_code != 200:
        return None
    for line in res.text.splitlines():
        if line.startswith("signstage_live_streams "):
            return float(line.split()[1])
    return 0.0  # no stream opened yet in any process


if __name__ == "__main__":
    main()
