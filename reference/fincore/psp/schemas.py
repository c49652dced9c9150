"""PSP request and response bodies, one model per direction."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: StrictStr = Field(max_length=32, description="Card number; spaces and dashes allowed.")
    exp_month: StrictInt = Field(description="Expiry month, 1-12.")
    exp_year: StrictInt = Field(description="Expiry year, four digits (two accepted).")
    cvc: StrictStr = Field(max_length=8, description="Card security code.")
    name: StrictStr | None = Field(default=None, max_length=200, description="Cardholder name.")


class TokenCard(BaseModel):
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    fingerprint: str


class Token(BaseModel):
    id: str = Field(description="tok_ followed by 128 bits of randomness.")
    object: Literal["token"] = "token"
    card: TokenCard
    created: int
    expires_at: int
    used: bool = False


class ChargeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: StrictStr = Field(max_length=64)
    merchant: StrictStr = Field(max_length=64, description="The merchant the charge is for.")
    amount: StrictInt = Field(gt=0, le=99_999_999, description="Minor units of the currency.")
    currency: StrictStr = Field(min_length=3, max_length=3)
    description: StrictStr | None = Field(default=None, max_length=1000)
    capture: StrictBool = Field(
        default=True,
        description="false authorizes only: the charge is requires_capture until captured, "
        "voided or expired (capture_before).",
    )


class ChargeCard(BaseModel):
    brand: str
    last4: str


class ThreeDSecure(BaseModel):
    """The issuer's authentication of a charge (3-D Secure): its outcome, never its data."""

    id: str = Field(description="3ds_ followed by 128 bits of randomness.")
    flow: Literal["frictionless", "challenge", "unavailable"]
    status: Literal["pending", "succeeded", "failed", "expired", "unavailable"]
    liability_shift: bool = Field(description="True once the issuer authenticated the shopper.")


class NextAction(BaseModel):
    """What the shopper's browser must do before a ``requires_action`` charge can finish."""

    type: Literal["three_d_secure"] = "three_d_secure"
    url: str = Field(description="The PSP's challenge page for this charge, to open in a frame.")


class Charge(BaseModel):
    id: str
    object: Literal["charge"] = "charge"
    merchant: str
    amount: int
    currency: str
    status: Literal["succeeded", "failed", "requires_action", "requires_capture", "canceled"]
    failure_code: str | None = None
    decline_code: str | None = None
    card: ChargeCard
    idempotency_key: str | None = None
    created: int
    amount_captured: int = 0
    amount_refunded: int = 0
    capture_before: int | None = None
    three_d_secure: ThreeDSecure | None = None
    next_action: NextAction | None = None


class ChargeCapture(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: StrictInt | None = Field(
        default=None, gt=0, le=99_999_999, description="At most the authorized amount; default all."
    )


class ChargeRefundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: StrictInt = Field(gt=0, le=99_999_999, description="Minor units, at most what remains.")


class ChargeRefund(BaseModel):
    id: str
    object: Literal["refund"] = "refund"
    charge: str
    amount: int
    status: Literal["succeeded"] = "succeeded"
    created: int


class ChargeList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Charge]
    has_more: bool


class FaultCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["latency", "error", "drop"]
    operation: Literal["charge", "capture", "cancel", "refund"] = Field(
        default="charge", description="Which kind of call the faults hit."
    )
    count: StrictInt = Field(default=1, ge=1, le=1000)
    latency_ms: StrictInt = Field(default=0, ge=0, le=60_000)
    status: StrictInt = Field(default=503, ge=500, le=599)


class FaultState(BaseModel):
    pending: int


class TokenCharges(BaseModel):
    """How many charges the PSP made against one token: the exactly-once evidence."""

    token: str
    charges: int


class ClockAdvance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: StrictInt = Field(ge=1, le=366 * 24 * 3600)


class ClockState(BaseModel):
    # How far the PSP's clock runs ahead of real time, after every advance so far.
    shift_seconds: int
