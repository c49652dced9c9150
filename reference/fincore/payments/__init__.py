"""The ``fincore-payments`` Payment Service: charges tokens for merchants, never sees a card number.

Merchant backends call it with their secret key and a token (step 10); it charges the token
through the PSP, stores the payment, and answers with idempotency as payment APIs document it.
"""

from fincore.payments.app import create_app
from fincore.payments.settings import PaymentSettings

__all__ = ["PaymentSettings", "create_app"]
