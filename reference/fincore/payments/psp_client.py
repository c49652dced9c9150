"""The Payment Service's client for the PSP's charge API, on aiohttp with tenacity's retries.

aiohttp because it is the one HTTP client library of the services (the merchant demo uses it
too) and, for this hop, several times cheaper in CPU per call than httpx on this machine
(``bench/http_clients.py``, bench/README.md). One session per instance: a pool of keep-alive
connections capped at ``MAX_CONNECTIONS`` (a burst of payments queues for a connection instead
of opening one each at the PSP), and a total timeout per call that includes that wait.

Every charge carries our idempotency key, so a retry after a transport failure, a timeout or an
answer that leaves the outcome unknown (409, 5xx) can never charge twice.
"""

from dataclasses import dataclass
from typing import Any, Literal

import aiohttp
import orjson
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_exponential,
)

from fincore.common.errors import UpstreamError
from fincore.common.user_agents import PAYMENT_SERVICE
from fincore.payments import error_codes

OutcomeKind = Literal["succeeded", "declined", "refused", "unknown"]
# Calls (so connections) to the PSP at once, per instance.
MAX_CONNECTIONS = 200
# An idle connection is closed after this long; the PSP (uvicorn) closes its own after 5 s.
KEEPALIVE_SECONDS = 4.0


class PSPUnreachable(ConnectionError):
    """The call got no complete answer in time; whether the PSP acted on it is unknown."""


@dataclass(frozen=True)
class ChargeOutcome:
    kind: OutcomeKind
    # The PSP's charge object (succeeded) or error object (declined, refused); None when unknown.
    body: dict[str, Any] | None = None

    @property
    def error(self) -> dict[str, Any]:
        error: dict[str, Any] = (self.body or {}).get("error", {})
        return error


# What each PSP answer to a charge means; anything else (409, 5xx) leaves the outcome unknown.
_OUTCOMES: dict[int, OutcomeKind] = {201: "succeeded", 402: "declined", 400: "refused"}
# The same for a capture, void or refund of a charge.
_OPERATION_OUTCOMES: dict[int, OutcomeKind] = {
    200: "succeeded",
    201: "succeeded",
    400: "refused",
    404: "refused",
    422: "refused",
}
CHARGES = "/v1/charges"


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
        connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS, keepalive_timeout=KEEPALIVE_SECONDS)
        self._session = aiohttp.ClientSession(
            self.base_url,
            connector=connector,
            headers=self._headers,
            timeout=self._timeout,
            # The PSP sets no cookies; a jar would only cost a lookup per call.
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def charge(self, payload: dict[str, Any], idempotency_key: str) -> ChargeOutcome:
        """Charge once, retrying transport failures and unknown outcomes with the same
        idempotency key; ``unknown`` when every attempt left the outcome unknown."""
        return await self._post(CHARGES, payload, idempotency_key)

    async def capture(self, charge_id: str, amount: int | None, key: str) -> ChargeOutcome:
        """Capture ``amount`` (None: all) of an authorization, once per ``key``."""
        payload = {} if amount is None else {"amount": amount}
        return await self._post(f"{CHARGES}/{charge_id}/capture", payload, key)

    async def void(self, charge_id: str, key: str) -> ChargeOutcome:
        """Release an authorization, once per ``key``."""
        return await self._post(f"{CHARGES}/{charge_id}/cancel", None, key)

    async def refund(self, charge_id: str, amount: int, key: str) -> ChargeOutcome:
        """Refund ``amount`` of a captured charge, once per ``key``."""
        return await self._post(f"{CHARGES}/{charge_id}/refunds", {"amount": amount}, key)

    async def _post(
        self, path: str, payload: dict[str, Any] | None, idempotency_key: str
    ) -> ChargeOutcome:
        body = b"" if payload is None else orjson.dumps(payload)
        headers = {"Idempotency-Key": idempotency_key}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        first: ChargeOutcome | PSPUnreachable
        try:
            first = await self._post_once(path, body, headers)
        except PSPUnreachable as unreachable:
            first = unreachable
        if isinstance(first, ChargeOutcome) and first.kind != "unknown":
            return first
        return await self._retry(first, path, body, headers)

    async def _retry(
        self,
        first: "ChargeOutcome | PSPUnreachable",
        path: str,
        body: bytes,
        headers: dict[str, str],
    ) -> ChargeOutcome:
        """The attempts after a first one that left the outcome unknown, through tenacity.

        Built only on this path: a retrying object per call (its strategies, its coroutine
        checks) cost a tenth of the Payment Service's CPU per pay when every call built one
        (bench/README.md). Tenacity is handed the first attempt's result as its own first
        attempt, so it decides, waits and counts exactly as if it had made that call."""
        earlier: list[ChargeOutcome | PSPUnreachable] = [first]

        async def attempt() -> ChargeOutcome:
            if not earlier:
                return await self._post_once(path, body, headers)
            result = earlier.pop()
            if isinstance(result, PSPUnreachable):
                raise result
            return result

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._backoff),
            retry=retry_if_exception_type(PSPUnreachable)
            | retry_if_result(lambda outcome: outcome.kind == "unknown"),
            retry_error_callback=_unknown,
        )
        outcome: ChargeOutcome = await retrying(attempt)
        return outcome

    async def find_charge(self, idempotency_key: str) -> dict[str, Any] | None:
        """The charge created with this key, None if the PSP has none; raises
        ``PSPUnreachable`` or ``UpstreamError`` when it cannot tell."""
        query = {"idempotency_key": idempotency_key}
        status, answer = await self._call("GET", "/v1/charges", params=query)
        if status != 200:
            raise UpstreamError(error_codes.PSP_UNAVAILABLE, f"PSP lookup answered {status}.")
        data = _json(answer).get("data", [])
        return data[0] if data else None

    async def _post_once(self, path: str, body: bytes, headers: dict[str, str]) -> ChargeOutcome:
        status, answer = await self._call("POST", path, data=body, headers=headers)
        if status in (401, 403):
            raise UpstreamError(
                error_codes.PSP_AUTHENTICATION_FAILED, "The PSP refused our credentials."
            )
        kind = (_OUTCOMES if path == CHARGES else _OPERATION_OUTCOMES).get(status)
        return ChargeOutcome("unknown") if kind is None else ChargeOutcome(kind, _json(answer))

    async def _call(self, method: str, path: str, **options: Any) -> tuple[int, bytes]:
        if self._session is None:
            raise RuntimeError("PSPClient.start() was not awaited")
        try:
            async with self._session.request(method, path, **options) as response:
                return response.status, await response.read()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise PSPUnreachable(f"{method} {path}: {error!r}") from error


def _unknown(_: RetryCallState) -> ChargeOutcome:
    return ChargeOutcome("unknown")


def _json(answer: bytes) -> dict[str, Any]:
    """The answer's JSON object; an answer that is not one (a proxy's error page) is empty."""
    try:
        found = orjson.loads(answer)
    except orjson.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}
