"""Fault injection: make the next N charges (or captures, voids, refunds) slow, fail, or lose
their response.

Off by default. Tests and notebooks use it to show how the Payment Service copes with a PSP that
misbehaves the way real ones do.
"""

import threading
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["latency", "error", "drop"]
# The kind of call a fault hits; each kind consumes only its own faults.
Operation = Literal["charge", "capture", "cancel", "refund"]


@dataclass
class Fault:
    kind: FaultKind
    # latency: added delay before processing; error: the status returned instead of processing;
    # drop: the charge is processed and committed, but the response never arrives.
    latency_ms: int = 0
    status: int = 503
    operation: Operation = "charge"


class FaultPlan:
    """A queue of faults; each call takes the first one queued for its kind of operation."""

    def __init__(self) -> None:
        self._queue: list[Fault] = []
        self._changed = threading.Condition()

    def inject(self, fault: Fault, count: int = 1) -> None:
        with self._changed:
            self._queue.extend(
                Fault(fault.kind, fault.latency_ms, fault.status, fault.operation)
                for _ in range(count)
            )

    def next(self, operation: Operation = "charge") -> Fault | None:
        with self._changed:
            fault = next((f for f in self._queue if f.operation == operation), None)
            if fault is not None:
                self._queue.remove(fault)
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
