"""Injectable time: token expiry and other deadlines are tested by moving a clock, not sleeping."""

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> int:
        """Seconds since the Unix epoch."""
        ...


class SystemClock:
    def now(self) -> int:
        return int(time.time())


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: int | None = None) -> None:
        self._now = int(time.time()) if start is None else start

    def now(self) -> int:
        return self._now

    def advance(self, seconds: int) -> None:
        self._now += seconds


class ShiftedClock:
    """Another clock, moved ahead on request: a PSP with test helpers lets a notebook expire a
    token over HTTP (``POST /v1/test_helpers/clock``) without waiting fifteen minutes."""

    def __init__(self, base: Clock) -> None:
        self._base = base
        self.shift = 0

    def now(self) -> int:
        return self._base.now() + self.shift

    def advance(self, seconds: int) -> None:
        self.shift += seconds
