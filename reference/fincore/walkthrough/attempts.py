"""One charge of a test card (tokenize, then step 10), kept with what it should have answered."""

from dataclasses import dataclass

from fincore.cards.test_cards import TestCard
from fincore.common.currencies import format_amount
from fincore.lab.clients import ApiResponse
from fincore.walkthrough.cards import Expected, card_name


@dataclass(frozen=True)
class PaymentRequest:
    """The body and key of ``POST /v1/payments``: resending it unchanged is a safe retry."""

    token: str
    amount: int
    currency: str
    idempotency_key: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Attempt:
    card: TestCard
    request: PaymentRequest
    response: ApiResponse

    @property
    def name(self) -> str:
        return card_name(self.card.number)

    @property
    def expected(self) -> Expected:
        return Expected(self.card)

    @property
    def status(self) -> int:
        return self.response.status

    @property
    def token(self) -> str:
        return self.request.token

    @property
    def payment_id(self) -> str | None:
        """The payment this attempt created or replayed, failed ones included."""
        found = self.response.body.get("id") or self.response.error.get("payment")
        return str(found) if found else None

    @property
    def replayed(self) -> bool:
        return bool(self.response.headers.get("Idempotent-Replayed") == "true")

    @property
    def outcome(self) -> str:
        error = self.response.error
        if self.status in (201, 202):
            return str(self.response.body.get("status"))
        if error.get("decline_code"):
            return f"declined: {error.get('code')}/{error['decline_code']}"
        return f"refused: {error.get('code')}"

    @property
    def as_expected(self) -> bool:
        """Whether the answer is exactly what the test-card table promises for this card."""
        if self.expected.succeeds:
            body = self.response.body
            return (
                self.status == 201
                and body.get("status") == "succeeded"
                and body.get("amount") == self.request.amount
                and body.get("currency") == self.request.currency.lower()
                and (body.get("card") or {}).get("last4") == self.card.number[-4:]
            )
        error = self.response.error
        return (
            self.status == 402
            and error.get("type") == "card_error"
            and error.get("code") == self.card.error_code
            and error.get("decline_code") == self.card.decline_code
            and error.get("message") == self.expected.message
            and self.payment_id is not None
        )

    def story(self) -> str:
        """One sentence saying what happened to the shopper's money."""
        amount = format_amount(self.request.amount, self.request.currency)
        error = self.response.error
        if self.status == 201:
            card = self.response.body.get("card") or {}
            return (
                f"{self.name} was charged {amount} ({card.get('brand')} ending "
                f"{card.get('last4')}): the payment succeeded, HTTP 201."
            )
        if self.status == 202:
            return (
                f"{self.name}: the PSP's answer was lost; the payment of {amount} is pending, "
                "HTTP 202."
            )
        if error.get("decline_code"):
            return (
                f'{self.name} was declined ({error["decline_code"]}): "{error.get("message")}" '
                f"HTTP {self.status}; no money moved, and the failed payment of {amount} is stored."
            )
        return f"{self.name}: HTTP {self.status} {error.get('code')}: {error.get('message')}"

    def row(self) -> tuple[object, ...]:
        """The decline-matrix row: card, expectation, and what the Payment Service answered."""
        error = self.response.error
        return (
            self.name,
            self.card.brand,
            self.expected.summary(),
            self.status,
            self.outcome,
            error.get("message"),
            self.as_expected,
        )


MATRIX_COLUMNS = ("card", "brand", "expected", "HTTP", "answered", "shopper message", "as expected")
