"""Payment Service configuration, from arguments or ``FINCORE_PAYMENTS_*`` environment variables."""

import tempfile
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fincore.common.keys import DEVELOPMENT_PLATFORM_KEY
from fincore.common.merchants import MerchantAccount


class PaymentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FINCORE_PAYMENTS_")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="fincore-payments-"))
    )
    database_url: str | None = None
    psp_url: str = "http://127.0.0.1:8001"
    psp_secret_key: str = DEVELOPMENT_PLATFORM_KEY
    merchants: list[MerchantAccount] = Field(default_factory=list)
    # Each attempt toward the PSP gives up after this long; then we retry with the same key.
    psp_timeout_seconds: float = Field(default=5.0, gt=0)
    psp_attempts: int = Field(default=3, ge=1, le=10)
    psp_backoff_seconds: float = Field(default=0.05, ge=0)
    # An in-flight Idempotency-Key older than this was abandoned (its instance died); None
    # derives it from the longest a live request can take.
    idempotency_lease_seconds: float | None = Field(default=None, ge=0)
    # How often each instance looks for payments left pending; 0 turns the sweeper off.
    resolve_interval_seconds: float = Field(default=5.0, ge=0)

    @property
    def idempotency_lease(self) -> float:
        if self.idempotency_lease_seconds is not None:
            return self.idempotency_lease_seconds
        backoff: float = sum(self.psp_backoff_seconds * 2**n for n in range(self.psp_attempts))
        return self.psp_timeout_seconds * self.psp_attempts + backoff + 5.0

    @model_validator(mode="after")
    def _no_development_secrets_in_production(self) -> "PaymentSettings":
        if self.environment == "production" and self.psp_secret_key == DEVELOPMENT_PLATFORM_KEY:
            raise ValueError("psp_secret_key must be set outside development")
        return self
