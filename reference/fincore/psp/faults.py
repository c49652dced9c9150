"""Fault injection: make the next N charges slow, fail, or lose their response.

Off by default. Tests and notebooks use it to show how the Payment Service copes with a PSP that
misbehaves the way real ones do.
"""

import threading
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["latency", "error", "drop"]


@dataclass
class Fault:
    kind: FaultKind
    # latency: added delay before processing; error: the status returned instead of processing;
    # drop: the charge is processed and committed, but the response never arrives.
    latency_ms: int = 0
    status: int = 503


class FaultPlan:
    """A queue of faults, one consumed per charge attempt."""

    def __init__(self) -> None:
        self._queue: list[Fault] = []
        self._changed = threading.Condition()

    def inject(self, fault: Fault, count: int = 1) -> None:
        with self._changed:
            self._queue.extend(
                Fault(fault.kind, fault.latency_ms, fault.status) for _ in range(count)
            )

    def next(self) -> Fault | None:
        with self._changed:
            fault = self._queue.pop(0) if self._queue else None
            self._changed.notify_all()
            return fault

    def wait_until_consumed(self, timeout: float = 10.0) -> bool:
        """Block until every injected fault has been taken by a charge (tests synchronise on it)."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._queue, timeout)

    def pending(self) -> int:
        with self._changed:
            return len(self._queue)

    def clear(self) -> None:
        with self._changed:
            self._queue.clear()
            self._changed.notify_all()
