"""Running requests side by side, and timing them, for the notebooks' concurrency claims."""

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

T = TypeVar("T")


def in_background(call: Callable[[], T]) -> "Future[T]":
    """Start ``call`` in its own thread; ``.result()`` waits for it."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="walkthrough-background")
    future = pool.submit(call)
    pool.shutdown(wait=False)
    return future


def all_at_once(call: Callable[[], T], count: int) -> list[T]:
    """Run ``call`` in ``count`` threads released together by a barrier; results in thread order."""
    barrier = threading.Barrier(count)

    def released() -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="walkthrough-burst") as pool:
        futures = [pool.submit(released) for _ in range(count)]
        return [future.result() for future in futures]


class Stopwatch:
    """``with Stopwatch() as watch: ...`` then ``watch.seconds``; prints as ``0.57 s``."""

    def __init__(self) -> None:
        self._started = 0.0
        self.seconds = 0.0

    def __enter__(self) -> "Stopwatch":
        self._started = time.perf_counter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.seconds = time.perf_counter() - self._started

    def __str__(self) -> str:
        # Two decimals and "s": the form the sanitizer recognises as a measured duration.
        return f"{self.seconds:.2f} s"
