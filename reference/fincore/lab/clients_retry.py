"""How a well-behaved merchant backend retries: same Idempotency-Key, until a definite answer."""

import time

import httpx

from fincore.lab.clients import ApiResponse, PaymentsAPI

# Answers that say "the outcome is not known yet": ask again with the same key.
RETRYABLE_STATUSES = frozenset({202, 409, 502, 503, 504})


def pay_until_definite(
    api: PaymentsAPI,
    token: str,
    key: str,
    attempts: int = 30,
    backoff_seconds: float = 0.05,
    **body: object,
) -> tuple[ApiResponse, int]:
    """Pay, retrying connection failures and unknown outcomes; returns the answer and tries."""
    for attempt in range(1, attempts + 1):
        try:
            response = api.pay(token, idempotency_key=key, **body)  # type: ignore[arg-type]
        except httpx.TransportError:
            response = None
        if response is not None and response.status not in RETRYABLE_STATUSES:
            return response, attempt
        time.sleep(min(backoff_seconds * attempt, 1.0))
    raise TimeoutError(f"no definite answer for {key} after {attempts} attempts")
