"""Card testing defence: too many failed tokenizations and the caller must wait.

Fraudsters test stolen numbers by tokenizing them and watching which ones fail; each failure
(a ``card_error``: bad number, expiry or CVC) counts against the client address it came from and
against the publishable key that sent it. An address that has used up its budget within the
sliding window is refused every attempt with ``429 rate_limited`` and ``Retry-After`` until old
failures age out: refusing only failures would still tell the tester which cards are good.

A key that has used up its budget is under attack, but refusing every client of that key would let
anyone lock a merchant's checkout with 20 bad cards from rotating addresses. So a spent key budget
refuses only the addresses that themselves failed with that key within the window: a tester who
rotates addresses gets one try per address, and a shopper arriving fresh still pays.
Successful tokenizations never count, so honest traffic of any volume is never throttled.

The budget lives in the process (one event loop, so no locking); several PSP processes would each
keep their own. The address is the TCP peer: ``X-Forwarded-For`` is not trusted, since anyone can
send it.
"""

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from fincore.common.errors import CardError, ErrorResponse, RateLimitError
from fincore.psp import error_codes
from fincore.psp.deps import PublishableMerchant, State
from fincore.psp.settings import PSPSettings

# Forget subjects whose failures have all aged out once this many are tracked.
PRUNE_ABOVE = 10_000

RATE_LIMITED_RESPONSE: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorResponse,
        "description": "Too many failed card attempts from this key or address",
        "headers": {
            "Retry-After": {
                "description": "Seconds until an attempt may succeed.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    }
}


class FailureWindow:
    """Times of recent failures per subject, over a sliding window."""

    def __init__(self, limit: int, window_seconds: int) -> None:
        self.limit = limit
        self.window = window_seconds
        self._failures: dict[str, deque[int]] = {}

    def retry_after(self, subject: str, now: int) -> int | None:
        """Seconds ``subject`` must wait, or None when it may try now."""
        failures = self._failures.get(subject)
        if not failures:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if len(failures) < self.limit:
            return None
        return max(1, failures[0] + self.window - now)

    def failed_recently(self, subject: str, now: int) -> bool:
        failures = self._failures.get(subject)
        return bool(failures) and failures[-1] > now - self.window  # type: ignore[index]

    def add(self, subject: str, now: int) -> None:
        if self.limit == 0:
            return
        if len(self._failures) > PRUNE_ABOVE:
            self._prune(now)
        # Only the latest ``limit`` failures can decide a wait.
        self._failures.setdefault(subject, deque(maxlen=self.limit)).append(now)

    def _prune(self, now: int) -> None:
        cutoff = now - self.window
        stale = [s for s, times in self._failures.items() if not times or times[-1] <= cutoff]
        for subject in stale:
            del self._failures[subject]


class CardTestingLimiter:
    """One budget per publishable key, one per client address, and who failed with which key."""

    def __init__(self, settings: PSPSettings) -> None:
        window = settings.card_testing_window_seconds
        self.by_key = FailureWindow(settings.card_testing_failures_per_key, window)
        self.by_address = FailureWindow(settings.card_testing_failures_per_address, window)
        self.by_client = FailureWindow(settings.card_testing_failures_per_key, window)

    def check(self, key: str, address: str, now: int) -> None:
        """Refuse with 429 when the address has spent its budget, or when the key has and this
        address failed with it recently."""
        waits = [self.by_address.retry_after(address, now)]
        if self.by_client.failed_recently(_client(key, address), now):
            waits.append(self.by_key.retry_after(key, now))
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            raise RateLimitError(
                error_codes.RATE_LIMITED,
                f"Too many failed card attempts. Try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )

    def failed(self, key: str, address: str, now: int) -> None:
        self.by_key.add(key, now)
        self.by_address.add(address, now)
        self.by_client.add(_client(key, address), now)


def _client(key: str, address: str) -> str:
    return f"{key} {address}"


@dataclass(frozen=True)
class CardAttempt:
    """One tokenization attempt that was allowed to run; its card errors count."""

    limiter: CardTestingLimiter
    key: str
    address: str
    now: int

    @contextmanager
    def counted(self) -> Iterator[None]:
        try:
            yield
        except CardError:
            self.limiter.failed(self.key, self.address, self.now)
            raise


async def card_attempt(
    request: Request, merchant: PublishableMerchant, state: State
) -> CardAttempt:
    """Check the caller's budgets (after authentication); one limiter per app, made on first use."""
    limiter: CardTestingLimiter | None = getattr(request.app.state, "card_testing", None)
    if limiter is None:
        limiter = request.app.state.card_testing = CardTestingLimiter(state.settings)
    address = request.client.host if request.client else "unknown"
    now = state.clock.now()
    limiter.check(merchant.publishable_key, address, now)
    return CardAttempt(limiter, merchant.publishable_key, address, now)


CardTesting = Annotated[CardAttempt, Depends(card_attempt)]
