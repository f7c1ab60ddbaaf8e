"""An in-process wake-up board: one counter per meeting, bumped on every new event."""
import threading


class Hub:
    """Counters per meeting that waiting threads watch; losing them loses nothing but speed."""

    def __init__(self):
        self._cond = threading.Condition()
        self._gen: dict[str, int] = {}

    def generation(self, meeting_id: str) -> int:
        """The meeting's counter now; read it before querying so no wake-up slips between."""
        with self._cond:
            return self._gen.get(meeting_id, 0)

    def bump(self, meeting_id: str) -> None:
        """Wake every thread waiting on this meeting."""
        with self._cond:
            self._gen[meeting_id] = self._gen.get(meeting_id, 0) + 1
            self._cond.notify_all()

    def wait(self, meeting_id: str, seen: int, timeout: float) -> bool:
        """Block until the counter moves past `seen` or the timeout passes; True when woken."""
        with self._cond:
            return self._cond.wait_for(lambda: self._gen.get(meeting_id, 0) != seen, timeout=timeout)


hub = Hub()
