"""The Payment Service's client for the PSP's charge API.

Over ``fincore.common.http_client``: for this one hop a shared ``httpx.AsyncClient`` measured
several times slower than aiohttp, and aiohttp several times slower than that small client
(bench/README.md). Every call carries our idempotency key, so a retry after a timeout or a 5xx
can never charge twice.
"""

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from fincore.common.errors import UpstreamError
from fincore.common.http_client import Answer, KeepAliveClient, UpstreamUnreachable
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
        self._timeout = timeout_seconds
        self._attempts = attempts
        self._backoff = backoff_seconds
        self._client: KeepAliveClient | None = None

    async def start(self) -> None:
        self._client = KeepAliveClient(self.base_url, self._headers)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()

    @property
    def client(self) -> KeepAliveClient:
        if self._client is None:
            raise RuntimeError("PSPClient.start() was not awaited")
        return self._client

    async def charge(self, payload: dict[str, Any], idempotency_key: str) -> ChargeOutcome:
        """Charge once, retrying transport failures and 5xx with the same idempotency key."""
        body = orjson.dumps(payload)
        headers = {"Idempotency-Key": idempotency_key}
        for attempt in range(self._attempts):
            if attempt:
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
            try:
                answer = await self.client.post_json("/v1/charges", body, headers, self._timeout)
            except (UpstreamUnreachable, TimeoutError):
                continue
            if answer.status == 201:
                return ChargeOutcome("succeeded", _json(answer))
            if answer.status == 402:
                return ChargeOutcome("declined", _json(answer))
            if answer.status == 400:
                return ChargeOutcome("refused", _json(answer))
            if answer.status in (401, 403):
                raise UpstreamError("psp_authentication_failed", "The PSP refused our credentials.")
            # 409/5xx and anything unexpected: the outcome is unknown, so ask again.
        return ChargeOutcome("unknown")

    async def find_charge(self, idempotency_key: str) -> dict[str, Any] | None:
        """The charge created with this key, None if the PSP has none; raises when unreachable."""
        query = {"idempotency_key": idempotency_key}
        answer = await self.client.get("/v1/charges", query, {}, self._timeout)
        if answer.status != 200:
            raise UpstreamError("psp_unavailable", f"PSP lookup answered {answer.status}.")
        data = _json(answer).get("data", [])
        return data[0] if data else None


def _json(answer: Answer) -> dict[str, Any]:
    """The answer's JSON object; an answer that is not one (a proxy's error page) is empty."""
    try:
        found = orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}
