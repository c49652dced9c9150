"""Demo merchant configuration, from arguments or ``FINCORE_MERCHANT_*`` environment variables."""

import tempfile
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from fincore.common.trusted_proxies import TrustedProxies


class MerchantSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FINCORE_MERCHANT_")

    data_dir: Path = Field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="fincore-merchant-"))
    )
    name: str = "Demo Bookshop"
    publishable_key: str
    secret_key: str
    payments_url: str
    # Exact origin of the PSP that hosts the card fields.
    psp_origin: str
    # fincore.js on the CDN, and its SRI hash from the build manifest: a merchant pins both.
    sdk_url: str
    sdk_integrity: str
    # The order being paid: one book.
    product: str = "The Tokenization Handbook (paperback)"
    amount: int = Field(default=2500, gt=0)
    currency: str = "usd"
    payments_timeout_seconds: float = Field(default=10.0, gt=0)
    # CSP violation reports (POST /csp-reports): one report body at most this big, and the stored
    # log at most this big, so anyone able to post cannot fill the disk.
    csp_report_max_bytes: int = Field(default=64 * 1024, gt=0)
    csp_report_log_max_bytes: int = Field(default=5 * 1024 * 1024, gt=0)

    # Card testing through the checkout (``fincore.merchant.card_testing``): declined payments
    # allowed per checkout session and per client address within the window; 0 turns one off.
    checkout_declines_per_session: int = Field(default=5, ge=0)
    checkout_declines_per_client: int = Field(default=10, ge=0)
    checkout_decline_window_seconds: float = Field(default=600.0, gt=0)

    # The signing secret (whsec_...) of this shop's FinCore webhook endpoint; none: every
    # delivery is refused. A development stack registers the endpoint and sets it.
    webhook_secret: str = ""

    # Proxies whose X-Forwarded-For is believed (``fincore.common.trusted_proxies``): none.
    trusted_proxies: TrustedProxies = Field(default_factory=list)
    # TEST ONLY, off by default: a tampered checkout page, for the tests and the security notebook
    # that show CSP blocking and reporting and change detection (PCI DSS 11.6.1) catching it.
    # Never set in a deployment. Extra <script src> tags in the page (a skimmer):
    tamper_extra_scripts: list[str] = Field(default_factory=list)
    # Extra script-src sources in the page's policy (a loosened CSP):
    tamper_extra_script_sources: list[str] = Field(default_factory=list)
