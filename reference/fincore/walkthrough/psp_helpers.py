"""The PSP's test helpers over HTTP: how a notebook makes the PSP misbehave, reads its ledger and
moves its clock, the same way against the bundled stack and against a staging deployment whose
PSP runs with ``FINCORE_PSP_TEST_HELPERS=true``."""

import time
from typing import Any

import httpx

from fincore.psp.faults import Fault


class TestHelperRefused(RuntimeError):
    """The PSP did not accept a test-helper call (helpers off: 404; wrong key: 401)."""


class PSPTestHelpers:
    """``/v1/test_helpers/*`` of one PSP, authenticated with its platform key."""

    __test__ = False  # a name pytest would otherwise collect

    def __init__(self, psp_url: str, platform_key: str) -> None:
        self._client = httpx.Client(
            base_url=psp_url, headers={"Authorization": f"Bearer {platform_key}"}, timeout=30
        )

    def inject(self, fault: Fault, count: int = 1) -> int:
        """Queue ``count`` faults for the next attempts of ``fault.operation`` (a charge by
        default; a capture, cancel or refund); returns how many are queued."""
        body = {
            "kind": fault.kind,
            "operation": fault.operation,
            "count": count,
            "latency_ms": fault.latency_ms,
        }
        if fault.kind == "error":
            body["status"] = fault.status
        return int(self._call("POST", "/v1/test_helpers/faults", json=body)["pending"])

    def pending(self) -> int:
        """How many injected faults no charge attempt has taken yet."""
        return int(self._call("GET", "/v1/test_helpers/faults")["pending"])

    def clear(self) -> None:
        self._call("DELETE", "/v1/test_helpers/faults")

    def wait_until_consumed(self, timeout: float = 10.0) -> bool:
        """Until every injected fault was taken by a charge attempt, or ``timeout`` passed.

        Another process's queue gives no signal when it empties, so it is asked every 20 ms.
        """
        deadline = time.monotonic() + timeout
        while self.pending():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def charges_for_token(self, token: str) -> int:
        """How many charges the PSP made against ``token``: the exactly-once evidence."""
        return int(self._call("GET", f"/v1/test_helpers/tokens/{token}/charges")["charges"])

    def advance_clock(self, seconds: int) -> int:
        """Move the PSP's clock ``seconds`` ahead; returns how far ahead it now runs."""
        answer = self._call("POST", "/v1/test_helpers/clock", json={"seconds": seconds})
        return int(answer["shift_seconds"])

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        answer = self._client.request(method, path, **kwargs)
        if answer.status_code != 200:
            raise TestHelperRefused(
                f"{method} {path} answered {answer.status_code}: {answer.text[:300]}"
            )
        body: dict[str, Any] = answer.json()
        return body
