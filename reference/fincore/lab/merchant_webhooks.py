"""The demo merchant's webhook endpoint, registered as a merchant would: through the Payment
Service's API with its secret key. The answer's signing secret is what the merchant verifies
deliveries with (``MerchantSettings.webhook_secret``)."""

import httpx

from fincore.payments.events.types import ALL_EVENTS

WEBHOOK_PATH = "/webhooks/fincore"


def register_merchant_webhook(payments_url: str, secret_key: str, merchant_url: str) -> str:
    """Register ``merchant_url``'s webhook endpoint for every event; its signing secret."""
    answer = httpx.post(
        f"{payments_url}/v1/webhook_endpoints",
        json={
            "url": f"{merchant_url}{WEBHOOK_PATH}",
            "enabled_events": [ALL_EVENTS],
            "description": "Demo merchant: order updates",
        },
        headers={"Authorization": f"Bearer {secret_key}"},
        timeout=30,
    )
    answer.raise_for_status()
    secret: str = answer.json()["secret"]
    return secret
