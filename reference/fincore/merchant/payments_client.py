"""The merchant backend's client for the FinCore Payment Service (step 10).

aiohttp: the demo merchant is not on the measured charge path. The idempotency key is derived
from the checkout attempt, so a retried submission of one attempt can never charge twice.
"""

from dataclasses import dataclass
from typing import Any

import aiohttp

from fincore.common.user_agents import MERCHANT_BACKEND


@dataclass(frozen=True)
class PaymentReply:
    status: int
    body: dict[str, Any]


class PaymentsClient:
    def __init__(self, base_url: str, secret_key: str, timeout_seconds: float) -> None:
        self.base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {secret_key}", "User-Agent": MERCHANT_BACKEND}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(headers=self._headers, timeout=self._timeout)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def create_payment(self, payload: dict[str, Any], idempotency_key: str) -> PaymentReply:
        """POST /v1/payments; raises aiohttp.ClientError or TimeoutError when unreachable."""
        if self._session is None:
            raise RuntimeError("PaymentsClient.start() was not awaited")
        async with self._session.post(
            f"{self.base_url}/v1/payments",
            json=payload,
            headers={"Idempotency-Key": idempotency_key},
        ) as response:
            body = await response.json(content_type=None)
            return PaymentReply(response.status, body if isinstance(body, dict) else {})

    async def get_payment(self, payment_id: str) -> PaymentReply:
        """GET /v1/payments/{id}: the Payment Service settles a waiting payment with the PSP
        first, so this is how the backend confirms a 3-D Secure outcome (step 17)."""
        if self._session is None:
            raise RuntimeError("PaymentsClient.start() was not awaited")
        async with self._session.get(f"{self.base_url}/v1/payments/{payment_id}") as response:
            body = await response.json(content_type=None)
            return PaymentReply(response.status, body if isinstance(body, dict) else {})
