"""Object ids in the ``prefix_random`` style: unguessable, typed at a glance, and in time order.

An id is the millisecond it was made (6 bytes) followed by random bytes, in hex. Ids made later
sort later, so a new row's id lands at the end of its unique index instead of on a random page:
fewer pages written per commit on the charge path (bench/README.md). The 10 random bytes
(80 bits) keep ids unguessable even among those made in the same millisecond.
"""

import os
import threading
import time

TIME_BYTES = 6


class RandomBytes:
    """The operating system's random bytes, fetched 4 KiB at a time and handed out once each.

    One ``getrandom`` call per id was a measurable part of a charge's CPU (bench/README.md). The
    bytes are the same CSPRNG output ``secrets`` gives; none is handed out twice, and a forked
    child drops what it inherited, or parent and child would make the same ids.
    """

    def __init__(self, refill: int = 4096) -> None:
        self.refill = refill
        self._lock = threading.Lock()
        self._buffer = b""
        self._used = 0
        os.register_at_fork(after_in_child=self._drop)

    def take(self, count: int) -> bytes:
        with self._lock:
            if self._used + count > len(self._buffer):
                self._buffer = os.urandom(max(self.refill, count))
                self._used = 0
            start = self._used
            self._used += count
            return self._buffer[start : self._used]

    def _drop(self) -> None:
        # Fresh lock too: another thread may have held the parent's at the fork.
        self._lock = threading.Lock()
        self._buffer = b""
        self._used = 0


_RANDOM = RandomBytes()


def new_id(prefix: str, nbytes: int = 16) -> str:
    """``prefix_`` followed by ``nbytes`` in hex: the time in milliseconds, then randomness."""
    millis = time.time_ns() // 1_000_000
    stamp = millis.to_bytes(TIME_BYTES, "big")
    return f"{prefix}_{(stamp + _RANDOM.take(nbytes - TIME_BYTES)).hex()}"
