"""Fan-out for streams served by an event loop: one reader per meeting, however many screens watch it.

A thousand open big screens of one meeting cost one database read per new event, not a thousand:
each meeting with watchers has one pump that reads the rows after its cursor once per wake-up and
hands the same batch to every watcher. A watcher that resumes from an older id first reads the
rows between its id and the pump's cursor itself, then takes the pump's batches; ids it has
already sent are skipped, so every event reaches it once and in order.

Ids are safe cursors within a meeting: audit.record holds the meeting's row lock until commit, so
a meeting's events commit in id order and none can appear behind a cursor.
"""
import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Awaitable, Callable

log = logging.getLogger("signstage.live")


@dataclass
class Row:
    """An audit event as streams need it, detached from any database session."""

    id: int
    kind: str
    data: dict
    created_at: dt.datetime | None
    # What each audience (screen token, host or not) is sent for this row, worked out once.
    shown: dict = field(default_factory=dict, compare=False, repr=False)


# read(meeting_id, after_id, upto_id or None) -> every row with after_id < id (<= upto_id), oldest first.
Read = Callable[[str, int, int | None], list[Row]]
# latest(meeting_id) -> the newest event id of the meeting now (0 when none).
Latest = Callable[[str], int]
# Runs a blocking call off the event loop (a thread pool) and awaits its result.
RunBlocking = Callable[..., Awaitable]


class _Feed:
    def __init__(self, start: int):
        self.start = start  # the pump's first cursor: the lowest id asked for before it ran
        self.cursor: int | None = None
        self.watchers: set["Watch"] = set()
        self.wake = asyncio.Event()
        self.task: asyncio.Task | None = None


class Watch:
    """One stream's place in a meeting's feed: batches of new rows, each row once."""

    def __init__(self, feeds: "Feeds", meeting_id: str, feed: _Feed, after: int, history_upto: int | None):
        self._feeds, self._meeting_id, self._feed = feeds, meeting_id, feed
        self._queue: asyncio.Queue[list[Row]] = asyncio.Queue()
        self._sent = after
        self._history_upto = history_upto

    def _deliver(self, rows: list[Row]) -> None:
        self._queue.put_nowait(rows)

    async def next(self) -> list[Row]:
        """The next rows not yet sent; [] when the feed's heartbeat comes first."""
        if self._history_upto is not None:
            upto, self._history_upto = self._history_upto, None
            rows = await self._feeds.run_blocking(self._feeds.read, self._meeting_id, self._sent, upto)
            self._sent = max(self._sent, upto)
            if rows:
                return rows
        # No timer of our own: the pump's heartbeat wakes every watcher of the meeting at once, so an
        # event costs a thousand streams a thousand queue wake-ups and nothing more.
        while True:
            batch = await self._queue.get()
            if not batch:
                return []
            rows = [r for r in batch if r.id > self._sent]
            if rows:
                self._sent = rows[-1].id
                return rows

    def close(self) -> None:
        """Leave the feed; the last watcher to leave stops its pump."""
        self._feeds._leave(self._meeting_id, self._feed, self)


class Feeds:
    """The pumps of one process's event loop, woken by wake() or, as a floor, every poll_seconds().

    A pump reads at most once every gather() seconds: commits that close together (a burst of signers)
    reach each screen as one write instead of one each; and when nothing has been handed out for
    heartbeat() seconds it hands every watcher an empty batch, the stream's cue to write a heartbeat.
    """

    def __init__(self, read: Read, latest: Latest, run_blocking: RunBlocking, poll_seconds: Callable[[], float],
                 *, heartbeat: Callable[[], float] = lambda: 5.0, gather: Callable[[], float] = lambda: 0.1):
        self.read, self.latest, self.run_blocking, self._poll_seconds = read, latest, run_blocking, poll_seconds
        self._heartbeat, self._gather = heartbeat, gather
        self._feeds: dict[str, _Feed] = {}
        self.loop: asyncio.AbstractEventLoop | None = None

    def watch(self, meeting_id: str, after: int) -> Watch:
        """Start watching a meeting from after `after` (call on the event loop)."""
        self.loop = asyncio.get_running_loop()
        feed = self._feeds.get(meeting_id)
        if feed is None:
            feed = self._feeds[meeting_id] = _Feed(start=after)
            feed.task = self.loop.create_task(self._pump(meeting_id, feed), name=f"live-feed-{meeting_id}")
        history_upto = None
        if feed.cursor is None:
            feed.start = min(feed.start, after)  # the pump has not read yet: it starts low enough for us
        elif after < feed.cursor:
            history_upto = feed.cursor  # rows up to the cursor were handed out before we joined
        watch = Watch(self, meeting_id, feed, after, history_upto)
        feed.watchers.add(watch)
        return watch

    def wake(self, meeting_id: str) -> None:
        """Make the meeting's pump read now (call on the event loop)."""
        feed = self._feeds.get(meeting_id)
        if feed is not None:
            feed.wake.set()

    def wake_threadsafe(self, meeting_id: str) -> None:
        """wake() from any thread: a request thread's commit, the Redis listener."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.wake, meeting_id)

    def watching(self) -> int:
        """How many watches are open in this process."""
        return sum(len(f.watchers) for f in self._feeds.values())

    def _leave(self, meeting_id: str, feed: _Feed, watch: Watch) -> None:
        feed.watchers.discard(watch)
        if not feed.watchers and self._feeds.get(meeting_id) is feed:
            del self._feeds[meeting_id]
            if feed.task is not None:
                feed.task.cancel()

    async def _pump(self, meeting_id: str, feed: _Feed) -> None:
        # Never start past the newest event: a first watcher claiming an id from the future would
        # otherwise blind every later watcher of the meeting until the ids caught up.
        while feed.cursor is None:
            try:
                newest = await self.run_blocking(self.latest, meeting_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("live: reading the newest event of meeting %s failed", meeting_id)
                await asyncio.sleep(1)
                continue
            feed.cursor = min(feed.start, newest)
        loop = asyncio.get_running_loop()
        last_read, handed_out = -float("inf"), loop.time()
        while True:
            pause = self._gather() - (loop.time() - last_read)
            if pause > 0:
                await asyncio.sleep(pause)
            feed.wake.clear()  # before reading: a wake-up during the read makes the next wait return at once
            last_read = loop.time()
            try:
                rows = await self.run_blocking(self.read, meeting_id, feed.cursor, None)
            except asyncio.CancelledError:
                raise
            except Exception:  # the database is briefly unavailable: streams stay open, we read again
                log.exception("live: reading the events of meeting %s failed", meeting_id)
                rows = []
                await asyncio.sleep(1)
            if rows:
                feed.cursor = rows[-1].id
                self._hand_out(feed, rows)
                handed_out = loop.time()
            poll_at = last_read + self._poll_seconds()
            while not feed.wake.is_set() and loop.time() < poll_at:
                beat_at = handed_out + self._heartbeat()
                try:
                    await asyncio.wait_for(feed.wake.wait(), max(0.0, min(poll_at, beat_at) - loop.time()))
                except TimeoutError:
                    if loop.time() >= beat_at:
                        self._hand_out(feed, [])
                        handed_out = loop.time()

    @staticmethod
    def _hand_out(feed: _Feed, rows: list[Row]) -> None:
        for watch in list(feed.watchers):
            watch._deliver(rows)
