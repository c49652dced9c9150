"""The demo merchant: a checkout page and the backend behind it (steps 1, 9 and 10).

The page loads fincore.js from the CDN with Subresource Integrity and mounts the PSP's card
fields; the backend receives only the one-time token and charges it through the FinCore Payment
Service with the merchant's secret key. It records every request body it receives, which is the
evidence that no card number ever reached it.
"""

from fincore.merchant.app import create_app
from fincore.merchant.settings import MerchantSettings

__all__ = ["MerchantSettings", "create_app"]
