"""An in-process wake-up board: one counter per meeting, bumped on every new event."""
import logging
import threading
from typing import Callable

log = logging.getLogger("signstage.live")


class Hub:
    """Counters per meeting that waiting threads watch, and listeners told of every bump.

    Losing a wake-up loses nothing but speed: the database stays the only source of truth.
    """

    def __init__(self):
        self._cond = threading.Condition()
        self._gen: dict[str, int] = {}
        self._listeners: list[Callable[[str], None]] = []

    def generation(self, meeting_id: str) -> int:
        """The meeting's counter now; read it before querying so no wake-up slips between."""
        with self._cond:
            return self._gen.get(meeting_id, 0)

    def bump(self, meeting_id: str) -> None:
        """Wake every thread waiting on this meeting, and tell every listener (from any thread)."""
        with self._cond:
            self._gen[meeting_id] = self._gen.get(meeting_id, 0) + 1
            self._cond.notify_all()
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(meeting_id)
            except Exception:  # a listener's failure must not undo a commit's announcement
                log.exception("live: a wake-up listener failed")

    def wait(self, meeting_id: str, seen: int, timeout: float) -> bool:
        """Block until the counter moves past `seen` or the timeout passes; True when woken."""
        with self._cond:
            return self._cond.wait_for(lambda: self._gen.get(meeting_id, 0) != seen, timeout=timeout)

    def listen(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call listener(meeting_id) on every bump, in the bumping thread; returns the undo."""
        with self._cond:
            self._listeners.append(listener)

        def undo() -> None:
            with self._cond:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return undo


hub = Hub()
