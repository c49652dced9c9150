"""PSP configuration, from arguments or ``FINCORE_PSP_*`` environment variables."""

import tempfile
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fincore.common.keys import new_development_key, production_key_problem
from fincore.common.merchants import MerchantAccount
from fincore.common.trusted_proxies import TrustedProxies


class PSPSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FINCORE_PSP_")

    # Production unless a development stack says otherwise: then the key below is required.
    environment: Literal["development", "production"] = "production"
    data_dir: Path = Field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="fincore-psp-")))
    database_url: str | None = None
    # The key only the FinCore Payment Service holds; it authorises charges. In development a
    # random one is made when none is given.
    platform_secret_key: str = ""
    merchants: list[MerchantAccount] = Field(default_factory=list)
    token_ttl_seconds: int = Field(default=900, gt=0)
    # An authorization (a charge with capture: false) can be captured for this long (7 days).
    authorization_ttl_seconds: int = Field(default=7 * 24 * 3600, gt=0)
    # How often the cards behind expired, never-presented tokens are wiped; 0 turns it off.
    token_sweep_interval_seconds: float = Field(default=30.0, ge=0)
    # Card testing: failed tokenizations (card errors) allowed per window, per publishable key and
    # per client address, before every attempt is refused with 429; 0 switches a limit off.
    # Successful tokenizations never count, so load tests are never throttled.
    card_testing_window_seconds: int = Field(default=60, gt=0)
    card_testing_failures_per_key: int = Field(default=20, ge=0)
    card_testing_failures_per_address: int = Field(default=20, ge=0)
    # Proxies whose X-Forwarded-For is believed (``fincore.common.trusted_proxies``): none.
    trusted_proxies: TrustedProxies = Field(default_factory=list)
    # /v1/test_helpers/faults (slow, failed or lost charges on purpose): absent unless switched on
    # here, and never in production. The local stack switches it on for tests and notebooks.
    test_helpers: bool = False

    @model_validator(mode="after")
    def _no_development_secrets_in_production(self) -> "PSPSettings":
        if self.environment == "development":
            self.platform_secret_key = self.platform_secret_key or new_development_key()
            return self
        problem = production_key_problem(self.platform_secret_key, "platform_secret_key")
        if problem:
            raise ValueError(problem)
        if self.test_helpers:
            raise ValueError("test_helpers cannot be switched on in production")
        return self
