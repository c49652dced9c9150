"""Requests side by side, and timing, as the notebooks' concurrency sections use them."""

import threading

from fincore.walkthrough import Stopwatch, all_at_once, in_background, sanitize


def test_all_at_once_really_runs_every_call_at_the_same_time():
    # Each call waits for all the others: run one after another, this would break the barrier.
    together = threading.Barrier(8, timeout=10)
    results = all_at_once(lambda: together.wait() is not None, 8)
    assert results == [True] * 8


def test_in_background_returns_a_future_with_the_result():
    started = threading.Event()
    future = in_background(lambda: started.set() or "done")
    assert future.result(timeout=10) == "done"
    assert started.is_set()


def test_a_stopwatch_prints_as_a_measured_duration_the_sanitizer_recognises():
    with Stopwatch() as watch:
        pass
    assert watch.seconds >= 0
    assert sanitize(f"took {watch}") == "took <duration>"
