"""Card testing through the checkout: declined payments are counted per checkout session and per
client address, and a caller that has spent its budget is refused with ``429`` before its token
reaches the Payment Service.

The PSP limits failed tokenizations, but a card tester with valid-looking numbers tokenizes fine
and learns which cards work from the payment's outcome. Each decline (402) counts against the
session cookie the checkout page set and against the TCP peer address (``X-Forwarded-For`` is not
trusted: uvicorn runs without proxy headers). Budgets are per caller, so one caller's declines
never refuse another's card. Successful and pending payments never count.

In-process and monotonic-clocked, like the PSP's limiter: several merchant processes would each
keep their own budgets.
"""

import secrets
import time
from collections import deque
from collections.abc import Callable

SESSION_COOKIE = "checkout_session"


def new_session() -> str:
    return secrets.token_urlsafe(18)


class DeclineBudget:
    """Times of recent declines per subject over a sliding window; at most ``limit`` kept each."""

    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._declines: dict[str, deque[float]] = {}

    def retry_after(self, subject: str) -> int | None:
        """Seconds ``subject`` must wait, or None when it may pay now."""
        declines = self._declines.get(subject)
        if not declines or self.limit == 0:
            return None
        now = self.clock()
        while declines and declines[0] <= now - self.window:
            declines.popleft()
        if len(declines) < self.limit:
            return None
        return max(1, int(declines[0] + self.window - now) + 1)

    def declined(self, subject: str) -> None:
        if self.limit == 0:
            return
        if len(self._declines) > 10_000:
            self._forget_idle()
        self._declines.setdefault(subject, deque(maxlen=self.limit)).append(self.clock())

    def _forget_idle(self) -> None:
        cutoff = self.clock() - self.window
        for subject in [s for s, times in self._declines.items() if times[-1] <= cutoff]:
            del self._declines[subject]


class CheckoutLimiter:
    """One decline budget per checkout session, one per client address."""

    def __init__(self, per_session: int, per_client: int, window_seconds: float) -> None:
        self.by_session = DeclineBudget(per_session, window_seconds)
        self.by_client = DeclineBudget(per_client, window_seconds)

    def retry_after(self, session: str, client: str) -> int | None:
        waits = [self.by_session.retry_after(session), self.by_client.retry_after(client)]
        return max((wait for wait in waits if wait is not None), default=None)

    def declined(self, session: str, client: str) -> None:
        self.by_session.declined(session)
        self.by_client.declined(client)
