"""Object ids in the ``prefix_random`` style: unguessable, typed at a glance, and in time order.

An id is the millisecond it was made (6 bytes) followed by random bytes, in hex. Ids made later
sort later, so a new row's id lands at the end of its unique index instead of on a random page:
fewer pages written per commit on the charge path (bench/README.md). The 10 random bytes
(80 bits) keep ids unguessable even among those made in the same millisecond.
"""

import secrets
import time

TIME_BYTES = 6


def new_id(prefix: str, nbytes: int = 16) -> str:
    """``prefix_`` followed by ``nbytes`` in hex: the time in milliseconds, then randomness."""
    millis = time.time_ns() // 1_000_000
    stamp = millis.to_bytes(TIME_BYTES, "big").hex()
    return f"{prefix}_{stamp}{secrets.token_hex(nbytes - TIME_BYTES)}"
