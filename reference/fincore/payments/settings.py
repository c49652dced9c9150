"""Payment Service configuration, from arguments or ``FINCORE_PAYMENTS_*`` environment variables."""

import tempfile
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fincore.common.keys import new_development_key, production_key_problem
from fincore.common.merchants import MerchantAccount
from fincore.common.trusted_proxies import TrustedProxies


class PaymentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FINCORE_PAYMENTS_")

    # Production unless a development stack says otherwise: then psp_secret_key is required.
    environment: Literal["development", "production"] = "production"
    data_dir: Path = Field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="fincore-payments-"))
    )
    database_url: str | None = None
    psp_url: str = "http://127.0.0.1:8001"
    # The PSP's platform key. In development a random one is made when none is given (and then
    # only a PSP given the same key accepts it: a development stack passes one to both).
    psp_secret_key: str = ""
    merchants: list[MerchantAccount] = Field(default_factory=list)
    # Each attempt toward the PSP gives up after this long; then we retry with the same key.
    psp_timeout_seconds: float = Field(default=5.0, gt=0)
    psp_attempts: int = Field(default=3, ge=1, le=10)
    psp_backoff_seconds: float = Field(default=0.05, ge=0)
    # An in-flight Idempotency-Key older than this was abandoned (its instance died); None
    # derives it from the longest a live request can take.
    idempotency_lease_seconds: float | None = Field(default=None, ge=0)
    # A manual-capture payment must be captured within this long, else it is canceled
    # ("expired") by the sweeper; the PSP's own authorization expiry may come sooner.
    authorization_ttl_seconds: int = Field(default=7 * 24 * 3600, gt=0)
    # How often each instance looks for payments left pending; 0 turns the sweeper off.
    resolve_interval_seconds: float = Field(default=5.0, ge=0)
    # How often each instance sends the webhook deliveries that are due; 0 turns it off.
    webhook_dispatch_interval_seconds: float = Field(default=1.0, ge=0)
    # Each webhook attempt gives up after this long, and counts as failed.
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Development only: webhook endpoints on loopback (http://127.0.0.1, the lab's demo
    # merchant). In production only https URLs on public addresses (fincore.payments.webhooks).
    webhook_allow_loopback: bool = False

    # Proxies whose X-Forwarded-For is believed (``fincore.common.trusted_proxies``): none.
    trusted_proxies: TrustedProxies = Field(default_factory=list)

    @property
    def idempotency_lease(self) -> float:
        if self.idempotency_lease_seconds is not None:
            return self.idempotency_lease_seconds
        backoff: float = sum(self.psp_backoff_seconds * 2**n for n in range(self.psp_attempts))
        return self.psp_timeout_seconds * self.psp_attempts + backoff + 5.0

    @model_validator(mode="after")
    def _no_development_secrets_in_production(self) -> "PaymentSettings":
        if self.environment == "development":
            self.psp_secret_key = self.psp_secret_key or new_development_key()
            return self
        if self.webhook_allow_loopback:
            raise ValueError("webhook_allow_loopback is for development stacks only")
        problem = production_key_problem(self.psp_secret_key, "psp_secret_key")
        if problem:
            raise ValueError(problem)
        return self
