# ruff: noqa: S105 - error codes that name keys and tokens, not secrets
"""Every error code the mock PSP answers, beside the common ones (``fincore.common.error_codes``).
The scripted decline codes of the test cards are in ``fincore.cards``."""

# The common codes, so that one module names every code this service answers.
from fincore.common.error_codes import *  # noqa: F403
from fincore.common.error_codes import COMMON_CODES

# Keys (fincore.psp.deps, fincore.psp.routes.fields).
PUBLISHABLE_KEY_REQUIRED = "publishable_key_required"
ORIGIN_NOT_ALLOWED = "origin_not_allowed"
# Card details (fincore.psp.card_validation).
INVALID_NUMBER = "invalid_number"
INCORRECT_NUMBER = "incorrect_number"
INVALID_EXPIRY_MONTH = "invalid_expiry_month"
INVALID_EXPIRY_YEAR = "invalid_expiry_year"
INVALID_CVC = "invalid_cvc"
RATE_LIMITED = "rate_limited"
# Charges (fincore.psp.charging, fincore.psp.routes.charges).
TOKEN_NOT_FOUND = "token_not_found"
TOKEN_ALREADY_USED = "token_already_used"
TOKEN_EXPIRED = "token_expired"
CURRENCY_INVALID = "currency_invalid"
IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
PSP_UNAVAILABLE = "psp_unavailable"
# Captures, voids and refunds (fincore.psp.charge_operations).
CHARGE_NOT_CAPTURABLE = "charge_not_capturable"
CHARGE_AUTHORIZATION_EXPIRED = "charge_authorization_expired"
CHARGE_NOT_REFUNDABLE = "charge_not_refundable"
AMOUNT_TOO_LARGE = "amount_too_large"

CODES = COMMON_CODES | {
    PUBLISHABLE_KEY_REQUIRED,
    ORIGIN_NOT_ALLOWED,
    INVALID_NUMBER,
    INCORRECT_NUMBER,
    INVALID_EXPIRY_MONTH,
    INVALID_EXPIRY_YEAR,
    INVALID_CVC,
    RATE_LIMITED,
    TOKEN_NOT_FOUND,
    TOKEN_ALREADY_USED,
    TOKEN_EXPIRED,
    CURRENCY_INVALID,
    IDEMPOTENCY_KEY_REUSED,
    PSP_UNAVAILABLE,
    CHARGE_NOT_CAPTURABLE,
    CHARGE_AUTHORIZATION_EXPIRED,
    CHARGE_NOT_REFUNDABLE,
    AMOUNT_TOO_LARGE,
}
