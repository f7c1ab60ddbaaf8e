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


async def _next(watch, timeout: float):
    """The watch's next batch, or None when none comes within timeout seconds."""
    try:
        async with asyncio.timeout(timeout):
            return await watch.next()
    except TimeoutError:
        return None


async def _collect(watch, want: int, timeout: float = 1.0) -> list[int]:
    got = []
    while len(got) < want:
        rows = await _next(watch, timeout)
        assert rows is not None, f"stalled after {got}"
        got += [r.id for r in rows]
    assert await _next(watch, 0.05) is None  # and nothing more
    return got


def _feeds(read, latest, poll=60, heartbeat=60, gather=0):
    return Feeds(read, latest, _direct, lambda: poll, heartbeat=lambda: heartbeat, gather=lambda: gather)


def test_watchers_joining_at_any_moment_get_every_row_once():
    log = Log()
    log.add(3)

    async def scenario():
        feeds = _feeds(log.read, log.latest)
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
        feeds = _feeds(log.read, log.latest)
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
        feeds = _feeds(flaky, log.latest, poll=0.05)
        watch = feeds.watch("m", 0)
        log.add(1)
        return await _collect(watch, 1, timeout=3.0)  # the pump waits a second after a failure

    assert run(scenario()) == [1]


def test_a_watcher_claiming_a_future_id_does_not_blind_the_others():
    log = Log()
    log.add(2)

    async def scenario():
        feeds = _feeds(log.read, log.latest)
        feeds.watch("m", 10**9)  # first to join, with an id no event has
        honest = feeds.watch("m", 2)
        await asyncio.sleep(0.01)
        log.add(1)
        feeds.wake("m")
        return await _collect(honest, 1)

    assert run(scenario()) == [3]


def test_commits_close_together_reach_a_watcher_as_one_batch():
    log = Log()

    async def scenario():
        feeds = _feeds(log.read, log.latest, gather=0.2)
        watch = feeds.watch("m", 0)
        await asyncio.sleep(0.01)  # the pump's first read, of nothing
        batches = []
        for _ in range(5):  # five signers' commits, 20 ms apart: within one gathering window
            log.add(1)
            feeds.wake("m")
            await asyncio.sleep(0.02)
        while sum(batches, []) != [1, 2, 3, 4, 5]:
            rows = await _next(watch, 1.0)
            assert rows is not None, f"stalled after {batches}"
            batches.append([r.id for r in rows])
        return batches, log.reads

    batches, reads = run(scenario())
    assert batches == [[1, 2, 3, 4, 5]] and reads == 2  # the empty first read, then one for all five


def test_one_heartbeat_reaches_every_watcher_when_the_meeting_is_quiet():
    log = Log()
    log.add(1)

    async def scenario():
        feeds = _feeds(log.read, log.latest, heartbeat=0.1)
        watches = [feeds.watch("m", 1) for _ in range(3)]
        beats = [await _next(w, 1.0) for w in watches]
        log.add(1)
        feeds.wake("m")
        rows = [await _next(w, 1.0) for w in watches]
        return beats, [[r.id for r in batch] for batch in rows]

    beats, rows = run(scenario())
    assert beats == [[], [], []]  # an empty batch: the stream writes its heartbeat
    assert rows == [[2], [2], [2]]
