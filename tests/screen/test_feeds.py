"""The event-loop fan-out on its own: a fake event log, real asyncio, every row once and in order."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from backend.core.live.feeds import Feeds, Row


def run(coro):
    """asyncio.run in a thread of its own: a browser test earlier in the session leaves a loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class Log:
    """An append-only event log that counts its reads."""

    def __init__(self):
        self.rows: list[Row] = []
        self.reads = 0

    def add(self, n=1):
        for _ in range(n):
            self.rows.append(Row(len(self.rows) + 1, "signed", {}, None))

    def latest(self, meeting_id):
        return self.rows[-1].id if self.rows else 0

    def read(self, meeting_id, after, upto):
        self.reads += 1
        return [r for r in self.rows if r.id > after and (upto is None or r.id <= upto)]


async def _direct(fn, *args):
    await asyncio.sleep(0)  # a real pool would switch here too
    return fn(*args)


async def _collect(watch, want: int, timeout: float = 1.0) -> list[int]:
    got = []
    while len(got) < want:
        rows = await watch.next(timeout)
        assert rows is not None, f"stalled after {got}"
        got += [r.id for r in rows]
    assert await watch.next(0.05) is None  # and nothing more
    return got


def test_watchers_joining_at_any_moment_get_every_row_once():
    log = Log()
    log.add(3)

    async def scenario():
        feeds = Feeds(log.read, log.latest, _direct, lambda: 60)
        first = feeds.watch("m", 3)  # joins before the pump has read: the pump starts from its id
        early = feeds.watch("m", 0)  # and lowers the pump's start: rows 1..3 reach it through the pump
        await asyncio.sleep(0.01)
        log.add(2)
        feeds.wake("m")
        await asyncio.sleep(0.01)
        late = feeds.watch("m", 1)  # joins after rows 4, 5 went out: it reads 2..5 itself, then live
        log.add(1)
        feeds.wake("m")
        results = [await _collect(first, 3), await _collect(early, 6), await _collect(late, 5)]
        reads_before = log.reads
        for _ in range(10):
            feeds.watch("m", 6)
        log.add(1)
        feeds.wake("m")
        await asyncio.sleep(0.01)
        return results, log.reads - reads_before, feeds

    (first, early, late), reads, feeds = run(scenario())
    assert first == [4, 5, 6] and early == [1, 2, 3, 4, 5, 6] and late == [2, 3, 4, 5, 6]
    assert reads == 1  # ten more watchers, one new row: one read


def test_the_last_watcher_to_leave_stops_the_pump():
    log = Log()

    async def scenario():
        feeds = Feeds(log.read, log.latest, _direct, lambda: 60)
        a, b = feeds.watch("m", 0), feeds.watch("m", 0)
        await asyncio.sleep(0.01)
        a.close()
        assert feeds.watching() == 1
        b.close()
        await asyncio.sleep(0.01)
        return feeds

    feeds = run(scenario())
    assert feeds.watching() == 0 and not feeds._feeds


def test_a_failing_read_keeps_streams_open_and_is_retried():
    log = Log()
    failures = [RuntimeError("database restarting")]

    def flaky(meeting_id, after, upto):
        if failures:
            raise failures.pop()
        return log.read(meeting_id, after, upto)

    async def scenario():
        feeds = Feeds(flaky, log.latest, _direct, lambda: 0.05)
        watch = feeds.watch("m", 0)
        log.add(1)
        return await _collect(watch, 1, timeout=3.0)  # the pump waits a second after a failure

    assert run(scenario()) == [1]


def test_a_watcher_claiming_a_future_id_does_not_blind_the_others():
    log = Log()
    log.add(2)

    async def scenario():
        feeds = Feeds(log.read, log.latest, _direct, lambda: 60)
        feeds.watch("m", 10**9)  # first to join, with an id no event has
        honest = feeds.watch("m", 2)
        await asyncio.sleep(0.01)
        log.add(1)
        feeds.wake("m")
        return await _collect(honest, 1)

    assert run(scenario()) == [3]
