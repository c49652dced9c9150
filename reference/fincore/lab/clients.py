"""Thin HTTP clients for the stack's APIs, as a merchant backend or a shopper's browser calls them.

Tests and notebooks use these to speak real HTTP to real servers; they add no logic of their own,
so what they show is what the services answer.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from fincore.cards.test_cards import TEST_EXPIRY_YEAR, VISA_PAN


@dataclass(frozen=True)
class ApiResponse:
    status: int
    body: dict[str, Any]
    headers: httpx.Headers

    @property
    def error(self) -> dict[str, Any]:
        error: dict[str, Any] = self.body.get("error", {})
        return error


def _response(raw: httpx.Response) -> ApiResponse:
    try:
        body = raw.json()
    except ValueError:
        body = {"raw": raw.text}
    return ApiResponse(raw.status_code, body, raw.headers)


def next_year() -> int:
    """The expiry year test cards are given (fixed: ``fincore.cards.test_cards``)."""
    return TEST_EXPIRY_YEAR


class PSPBrowserAPI:
    """What the PSP's card iframe does (steps 5-6): tokenize with a publishable key."""

    def __init__(self, psp_url: str, publishable_key: str, timeout: float = 10.0) -> None:
        self._http = httpx.Client(
            base_url=psp_url,
            headers={"Authorization": f"Bearer {publishable_key}"},
            timeout=timeout,
        )

    def tokenize(
        self,
        number: str = VISA_PAN,
        exp_month: int = 12,
        exp_year: int | None = None,
        cvc: str = "123",
        **extra: Any,
    ) -> ApiResponse:
        card = {"number": number, "exp_month": exp_month, "cvc": cvc, **extra}
        card["exp_year"] = exp_year if exp_year is not None else next_year()
        return _response(self._http.post("/v1/tokens", json=card))

    def token_id(self, number: str = VISA_PAN, cvc: str = "123") -> str:
        """Tokenize a card that must be valid and return just the token id."""
        response = self.tokenize(number, cvc=cvc)
        if response.status != 201:
            raise ValueError(f"tokenization failed: {response.body}")
        token: str = response.body["id"]
        return token

    def close(self) -> None:
        self._http.close()


class PaymentsAPI:
    """What a merchant backend does (step 10): charge tokens with its secret key."""

    def __init__(self, payments_url: str, secret_key: str, timeout: float = 30.0) -> None:
        self._http = httpx.Client(
            base_url=payments_url,
            headers={"Authorization": f"Bearer {secret_key}"},
            timeout=timeout,
        )

    def pay(
        self,
        token: str,
        amount: int = 1000,
        currency: str = "usd",
        idempotency_key: str | None = None,
        **extra: Any,
    ) -> ApiResponse:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        body = {"token": token, "amount": amount, "currency": currency, **extra}
        return _response(self._http.post("/v1/payments", json=body, headers=headers))

    def get(self, payment_id: str) -> ApiResponse:
        return _response(self._http.get(f"/v1/payments/{payment_id}"))

    def list(self, **params: Any) -> ApiResponse:
        return _response(self._http.get("/v1/payments", params=params))

    def capture(
        self, payment_id: str, idempotency_key: str | None = None, **body: Any
    ) -> ApiResponse:
        """Step 11: capture an authorized payment (``amount=`` for less than all of it)."""
        return self._post(f"/v1/payments/{payment_id}/capture", body, idempotency_key)

    def cancel(
        self, payment_id: str, idempotency_key: str | None = None, **body: Any
    ) -> ApiResponse:
        """Step 11: release an authorized payment."""
        return self._post(f"/v1/payments/{payment_id}/cancel", body, idempotency_key)

    def refund(
        self, payment_id: str, idempotency_key: str | None = None, **body: Any
    ) -> ApiResponse:
        """Step 12: refund a captured payment (``amount=`` for part of it)."""
        return self._post("/v1/refunds", {"payment": payment_id, **body}, idempotency_key)

    def get_refund(self, refund_id: str) -> ApiResponse:
        return _response(self._http.get(f"/v1/refunds/{refund_id}"))

    def list_refunds(self, **params: Any) -> ApiResponse:
        return _response(self._http.get("/v1/refunds", params=params))

    def _post(self, path: str, body: dict[str, Any], idempotency_key: str | None) -> ApiResponse:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        return _response(self._http.post(path, json=body, headers=headers))

    def events(self, **params: Any) -> ApiResponse:
        return _response(self._http.get("/v1/events", params=params))

    def event(self, event_id: str) -> ApiResponse:
        return _response(self._http.get(f"/v1/events/{event_id}"))

    def create_webhook_endpoint(
        self, url: str, enabled_events: Sequence[str], **body: Any
    ) -> ApiResponse:
        """Steps 13-14: where events are POSTed; the answer holds the signing secret."""
        payload = {"url": url, "enabled_events": [*enabled_events], **body}
        return _response(self._http.post("/v1/webhook_endpoints", json=payload))

    def webhook_endpoints(self) -> ApiResponse:
        return _response(self._http.get("/v1/webhook_endpoints"))

    def close(self) -> None:
        self._http.close()
