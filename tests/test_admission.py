"""Admission: a few requests of a process run at once, first come first served, never stuck."""
import threading
import time

from backend.admission import Admission


def test_permits_go_to_waiters_in_arrival_order():
    line = Admission(permits=1, max_wait=10)
    assert line.enter()
    order, threads = [], []
    for name in ("first", "second", "third"):
        t = threading.Thread(target=lambda n=name: (line.enter(), order.append(n), line.leave()))
        t.start()
        threads.append(t)
        while len(line._waiting) < len(threads):  # queued before the next one arrives
            time.sleep(0.001)
    line.leave()
    for t in threads:
        t.join(5)
    assert order == ["first", "second", "third"]
    assert line._free == 1 and not line._waiting


def test_a_waiter_runs_anyway_after_the_longest_wait_and_gives_nothing_back():
    line = Admission(permits=1, max_wait=0.05)
    assert line.enter()
    assert line.enter() is False  # the holder is stuck: the newcomer goes ahead without a permit
    line.leave()
    assert line._free == 1 and not line._waiting


def test_no_line_when_turned_off():
    line = Admission(permits=0, max_wait=1)
    assert [line.enter() for _ in range(50)] == [False] * 50


def test_a_request_made_while_another_is_handled_gives_both_turns_back(app, client):
    line = app.extensions["signstage_admission"]
    with app.test_request_context("/healthz"):
        app.preprocess_request()  # the outer request takes its turn
        assert client.get("/healthz").status_code == 200  # shares the outer app context and its g
    assert line._free == line.permits and not line._waiting
