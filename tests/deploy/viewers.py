"""Big screens for deployment tests: asyncio clients on raw HTTP/1.1 connections, each reading an event stream.

They run on an event loop in a thread of their own; each keeps the (id, kind) of every event in arrival
order and, when the server ends its stream, reopens it with Last-Event-ID, as a browser does.
"""
import asyncio
import json
import threading
import time


class Viewer:
    """One stream: the events it received, and whether the server answered it at all."""

    def __init__(self):
        self.events: list[tuple[int, str]] = []
        self.served = False
        self.reconnects = 0
        self.error: str | None = None

    @property
    def ids(self) -> list[int]:
        """The event ids in arrival order."""
        return [event_id for event_id, _kind in self.events]

    def take(self, block: bytes) -> None:
        """One SSE message: keep its id and kind; comments and the retry line carry none."""
        event_id, data = None, []
        for line in block.split(b"\n"):
            if line.startswith(b"id:"):
                event_id = int(line[3:].strip())
            elif line.startswith(b"data:"):
                data.append(line[5:].removeprefix(b" "))
        if data and event_id is not None:
            self.events.append((event_id, json.loads(b"\n".join(data)).get("kind")))


async def _body(reader, chunked: bool):
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


async def watch(viewer: Viewer, port: int, path: str, idle: float | None = None) -> None:
    """Read the stream until cancelled (or, with idle, until it has been quiet that long)."""
    while True:
        writer = None
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            resume = f"Last-Event-ID: {viewer.events[-1][0]}\r\n" if viewer.events else ""
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
                         f"{resume}\r\n".encode())
            status = (await reader.readline()).split(b" ", 2)
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                key, _, value = line.decode("latin-1").partition(":")
                headers[key.strip().lower()] = value.strip().lower()
            if status[1:2] != [b"200"]:
                raise ConnectionError(f"status {status[1:2]}")
            viewer.served = True
            body, buf = _body(reader, headers.get("transfer-encoding") == "chunked"), b""
            quiet_since = time.perf_counter()
            while True:
                try:
                    # quiet means no event for `idle` seconds: heartbeats may come more often than that
                    wait = idle - (time.perf_counter() - quiet_since) if idle else None
                    data = await (asyncio.wait_for(anext(body), max(wait, 0.001)) if idle else anext(body))
                except StopAsyncIteration:
                    break
                except asyncio.TimeoutError:
                    return
                buf = (buf + data).replace(b"\r\n", b"\n")
                seen = len(viewer.events)
                while (end := buf.find(b"\n\n")) >= 0:
                    viewer.take(buf[:end])
                    buf = buf[end + 2:]
                if len(viewer.events) > seen:
                    quiet_since = time.perf_counter()
            viewer.reconnects += 1
            await asyncio.sleep(0.5)  # a browser waits its `retry:` before reopening
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
            viewer.error = repr(exc)[:200]
            await asyncio.sleep(1)
        finally:
            if writer is not None:
                writer.close()


class Audience:
    """`count` viewers of one stream on a background event loop."""

    def __init__(self, port: int, path: str, count: int):
        self.port, self.path = port, path
        self.viewers = [Viewer() for _ in range(count)]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> "Audience":
        self.thread.start()
        # Kept: an event loop holds its tasks only weakly, and a collected viewer would stop reading silently.
        self.futures = [asyncio.run_coroutine_threadsafe(watch(v, self.port, self.path), self.loop)
                        for v in self.viewers]
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self.loop).result(15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    async def _close(self) -> None:
        # Cancelled and awaited here, on the loop, so that every connection is closed before we return.
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def crashed(self) -> list[str]:
        """What ended a viewer that should still be reading (a bug in the client, not the server)."""
        return [repr(f.exception()) for f in self.futures if f.done() and not f.cancelled() and f.exception()]

    def served(self) -> int:
        """How many streams the server has answered."""
        return sum(v.served for v in self.viewers)


def fresh_read(port: int, path: str, idle: float = 1.5, timeout: float = 20) -> Viewer:
    """One new stream from the start, read until it has been quiet for `idle` seconds."""
    viewer = Viewer()

    async def read():
        await asyncio.wait_for(watch(viewer, port, path, idle=idle), timeout)
    # In a thread of its own: a browser test earlier in the session leaves a loop running in this one.
    thread = threading.Thread(target=asyncio.run, args=(read(),), name="fresh-read")
    thread.start()
    thread.join(timeout + 5)
    return viewer
