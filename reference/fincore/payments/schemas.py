"""Payment Service request and response bodies, one model per direction."""

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from fincore.common.currencies import exponent, format_amount
from fincore.common.errors import InvalidRequestError
from fincore.common.query import StrictQuery
from fincore.payments import error_codes

# Stripe's ceiling: eight digits of minor units.
MAX_AMOUNT = 99_999_999
MAX_METADATA_KEYS = 50
MAX_METADATA_KEY_LENGTH = 40
MAX_METADATA_VALUE_LENGTH = 500


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: StrictStr = Field(max_length=64, description="A one-time token from the PSP (tok_...).")
    amount: StrictInt = Field(
        description="Positive integer in the currency's minor units (USD cents, JPY yen, KWD fils)."
    )
    currency: StrictStr = Field(description="ISO 4217 code, any case.")
    description: StrictStr | None = Field(default=None, max_length=1000)
    metadata: dict[StrictStr, StrictStr] = Field(
        default_factory=dict, description="Up to 50 string pairs, returned as given."
    )
    capture_method: Literal["automatic", "manual"] = Field(
        default="automatic",
        description="manual only authorizes: the payment is requires_capture until captured "
        "(POST /v1/payments/{id}/capture), canceled, or expired (capture_before).",
    )

    def checked(self) -> "PaymentCreate":
        """Business validation with payment-API error codes; returns the normalised request."""
        if not self.token.startswith("tok_"):
            raise InvalidRequestError(
                error_codes.TOKEN_INVALID, "Expected a token id starting with 'tok_'.", "token"
            )
        if exponent(self.currency) is None:
            raise InvalidRequestError(
                error_codes.CURRENCY_INVALID,
                f"Unknown ISO 4217 currency: '{self.currency}'.",
                "currency",
            )
        if self.amount <= 0:
            raise InvalidRequestError(
                error_codes.AMOUNT_INVALID,
                "Amount must be a positive integer in the currency's minor units.",
                "amount",
            )
        if self.amount > MAX_AMOUNT:
            raise InvalidRequestError(
                error_codes.AMOUNT_TOO_LARGE, f"Amount must be at most {MAX_AMOUNT}.", "amount"
            )
        check_metadata(self.metadata)
        return self.model_copy(update={"currency": self.currency.lower()})


def check_metadata(metadata: dict[str, str]) -> None:
    """Metadata rules shared by payments and refunds."""
    if len(metadata) > MAX_METADATA_KEYS:
        raise InvalidRequestError(
            error_codes.METADATA_INVALID,
            f"At most {MAX_METADATA_KEYS} metadata keys.",
            "metadata",
        )
    for key, value in metadata.items():
        key_fits = 0 < len(key) <= MAX_METADATA_KEY_LENGTH
        if not key_fits or len(value) > MAX_METADATA_VALUE_LENGTH:
            raise InvalidRequestError(
                error_codes.METADATA_INVALID,
                f"Metadata keys are 1-{MAX_METADATA_KEY_LENGTH} characters and values at most "
                f"{MAX_METADATA_VALUE_LENGTH}.",
                f"metadata[{key}]",
            )


class PaymentCard(BaseModel):
    brand: str
    last4: str


# pending ─> succeeded | failed | requires_capture (manual capture);
# requires_capture ─> capturing ─> succeeded; requires_capture ─> canceling ─> canceled.
PaymentStatus = Literal[
    "pending", "requires_capture", "capturing", "canceling", "succeeded", "canceled", "failed"
]
CancellationReason = Literal["duplicate", "fraudulent", "requested_by_customer", "abandoned"]


class Payment(BaseModel):
    id: str = Field(description="pay_ followed by 128 bits of randomness.")
    object: Literal["payment"] = "payment"
    status: PaymentStatus
    amount: int
    amount_display: str = Field(description="The amount in major units, e.g. '10.50 USD'.")
    currency: str
    description: str | None
    metadata: dict[str, str]
    card: PaymentCard | None
    psp_charge: str | None = Field(description="The PSP's charge id, once known.")
    failure_code: str | None
    decline_code: str | None
    failure_message: str | None
    created: int
    livemode: bool = False
    capture_method: Literal["automatic", "manual"] = "automatic"
    amount_capturable: int = Field(
        default=0, description="What a capture can still take: the authorized amount, or 0."
    )
    amount_captured: int = 0
    amount_refunded: int = Field(default=0, description="Refunded, or reserved by pending refunds.")
    refunded: bool = Field(default=False, description="Whether all that was captured is refunded.")
    capture_before: int | None = Field(
        default=None, description="A requires_capture payment is canceled (expired) after this."
    )
    cancellation_reason: str | None = Field(
        default=None, description="Why a canceled payment was canceled; 'expired' by the service."
    )

    @staticmethod
    def display(amount: int, currency: str) -> str:
        return format_amount(amount, currency)


class PaymentList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Payment]
    has_more: bool
    url: str = "/v1/payments"


@dataclass(frozen=True)
class Cursor:
    """Where a page of the list starts: after (older than) or before (newer than) a payment."""

    param: Literal["starting_after", "ending_before"]
    payment_id: str

    @property
    def newer(self) -> bool:
        return self.param == "ending_before"


class PaymentListQuery(StrictQuery):
    limit: int = Field(default=10, ge=1, le=100, description="How many payments, 1-100.")
    starting_after: str | None = Field(
        default=None, max_length=64, description="A payment id: the page of older payments."
    )
    ending_before: str | None = Field(
        default=None, max_length=64, description="A payment id: the page of newer payments."
    )

    def cursor(self) -> Cursor | None:
        """The page's cursor; both at once is refused, as it names no single page."""
        if self.starting_after is not None and self.ending_before is not None:
            raise InvalidRequestError(
                error_codes.PARAMETERS_EXCLUSIVE,
                "Send starting_after or ending_before, not both.",
                "ending_before",
            )
        if self.ending_before is not None:
            return Cursor("ending_before", self.ending_before)
        if self.starting_after is not None:
            return Cursor("starting_after", self.starting_after)
        return None


class PaymentCapture(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: StrictInt | None = Field(
        default=None,
        description="At most amount_capturable; default all of it. The rest is released.",
    )

    def checked(self) -> "PaymentCapture":
        if self.amount is not None and self.amount <= 0:
            raise InvalidRequestError(
                error_codes.AMOUNT_INVALID, "Amount must be a positive integer.", "amount"
            )
        return self


class PaymentCancel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cancellation_reason: CancellationReason | None = None


RefundReason = Literal["duplicate", "fraudulent", "requested_by_customer"]


class RefundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payment: StrictStr = Field(max_length=64, description="The captured payment to refund.")
    amount: StrictInt | None = Field(
        default=None, description="Minor units; default all that remains refundable."
    )
    reason: RefundReason | None = None
    metadata: dict[StrictStr, StrictStr] = Field(
        default_factory=dict, description="Up to 50 string pairs, returned as given."
    )

    def checked(self) -> "RefundCreate":
        if self.amount is not None and not 0 < self.amount <= MAX_AMOUNT:
            raise InvalidRequestError(
                error_codes.AMOUNT_INVALID,
                f"Amount must be a positive integer of at most {MAX_AMOUNT}.",
                "amount",
            )
        check_metadata(self.metadata)
        return self


class Refund(BaseModel):
    id: str = Field(description="re_ followed by 128 bits of randomness.")
    object: Literal["refund"] = "refund"
    payment: str
    amount: int
    currency: str
    reason: str | None
    metadata: dict[str, str]
    status: Literal["pending", "succeeded", "failed"]
    failure_code: str | None
    failure_message: str | None
    created: int


class RefundList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Refund]
    has_more: bool
    url: str = "/v1/refunds"


class RefundListQuery(PaymentListQuery):
    starting_after: str | None = Field(
        default=None, max_length=64, description="A refund id: the page of older refunds."
    )
    ending_before: str | None = Field(
        default=None, max_length=64, description="A refund id: the page of newer refunds."
    )
    payment: str | None = Field(
        default=None, max_length=64, description="Only the refunds of this payment."
    )
