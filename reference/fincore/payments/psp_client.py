"""The Payment Service's client for the PSP's charge API.

aiohttp rather than httpx: for this one hop a shared ``httpx.AsyncClient`` measured several times
slower here (see bench/README.md). Every call carries our idempotency key, so a retry after a
timeout or a 5xx can never charge twice.
"""

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp

from fincore.common.errors import UpstreamError
from fincore.common.user_agents import PAYMENT_SERVICE

OutcomeKind = Literal["succeeded", "declined", "refused", "unknown"]


@dataclass(frozen=True)
class ChargeOutcome:
    kind: OutcomeKind
    # The PSP's charge object (succeeded) or error object (declined, refused); None when unknown.
    body: dict[str, Any] | None = None

    @property
    def error(self) -> dict[str, Any]:
        error: dict[str, Any] = (self.body or {}).get("error", {})
        return error


class PSPClient:
    def __init__(
        self,
        base_url: str,
        secret_key: str,
        timeout_seconds: float,
        attempts: int,
        backoff_seconds: float,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {secret_key}", "User-Agent": PAYMENT_SERVICE}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._attempts = attempts
        self._backoff = backoff_seconds
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(limit=200, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(connector=connector, headers=self._headers)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("PSPClient.start() was not awaited")
        return self._session

    async def charge(self, payload: dict[str, Any], idempotency_key: str) -> ChargeOutcome:
        """Charge once, retrying transport failures and 5xx with the same idempotency key."""
        for attempt in range(self._attempts):
            if attempt:
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
            try:
                status, body = await self._post_charge(payload, idempotency_key)
            except (aiohttp.ClientError, TimeoutError):
                continue
            if status == 201:
                return ChargeOutcome("succeeded", body)
            if status == 402:
                return ChargeOutcome("declined", body)
            if status == 400:
                return ChargeOutcome("refused", body)
            if status in (401, 403):
                raise UpstreamError("psp_authentication_failed", "The PSP refused our credentials.")
            # 409/5xx and anything unexpected: the outcome is unknown, so ask again.
        return ChargeOutcome("unknown")

    async def find_charge(self, idempotency_key: str) -> dict[str, Any] | None:
        """The charge created with this key, None if the PSP has none; raises when unreachable."""
        url = f"{self.base_url}/v1/charges"
        async with self.session.get(
            url, params={"idempotency_key": idempotency_key}, timeout=self._timeout
        ) as response:
            if response.status != 200:
                raise UpstreamError("psp_unavailable", f"PSP lookup answered {response.status}.")
            found: dict[str, Any] = await response.json()
        data = found.get("data", [])
        return data[0] if data else None

    async def _post_charge(
        self, payload: dict[str, Any], idempotency_key: str
    ) -> tuple[int, dict[str, Any]]:
        async with self.session.post(
            f"{self.base_url}/v1/charges",
            json=payload,
            headers={"Idempotency-Key": idempotency_key},
            timeout=self._timeout,
        ) as response:
            body: dict[str, Any] = await response.json(content_type=None)
            return response.status, body
