"""One signed POST of an event to an endpoint, on aiohttp (the services' HTTP client library).

The session is the Payment Service's own for webhooks, apart from the PSP's: its connections
go to merchants' servers, through ``GuardedResolver`` (no private addresses), never following a
redirect, with a total timeout per attempt. Only the answer's status is kept: a merchant's
answer body is theirs, not ours to store.
"""

import aiohttp
import orjson

from fincore.common.user_agents import PAYMENT_SERVICE
from fincore.common.webhook_signature import HEADER, sign
from fincore.payments.webhooks.store import AttemptResult, Claimed
from fincore.payments.webhooks.urls import GuardedResolver

# Deliveries in flight at once, per instance.
MAX_CONNECTIONS = 50
MAX_ERROR_LENGTH = 200


class WebhookSender:
    def __init__(self, timeout_seconds: float, allow_loopback: bool) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._allow_loopback = allow_loopback
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(
            limit=MAX_CONNECTIONS, resolver=GuardedResolver(self._allow_loopback)
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            cookie_jar=aiohttp.DummyCookieJar(),
            headers={"User-Agent": PAYMENT_SERVICE},
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, claimed: Claimed, timestamp: int) -> AttemptResult:
        """POST the event, signed at ``timestamp``; delivered on any 2xx."""
        if self._session is None:
            raise RuntimeError("WebhookSender.start() was not awaited")
        body = orjson.dumps(claimed.payload)
        headers = {
            "Content-Type": "application/json",
            HEADER: sign(claimed.secret, body, timestamp),
        }
        try:
            async with self._session.post(
                claimed.url, data=body, headers=headers, allow_redirects=False
            ) as response:
                return AttemptResult(200 <= response.status < 300, response.status)
        except TimeoutError:
            return AttemptResult(False, error="timed out")
        except (aiohttp.ClientError, OSError) as error:
            return AttemptResult(False, error=f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH])
