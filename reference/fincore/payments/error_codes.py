# ruff: noqa: S105 - error codes that name keys and tokens, not secrets
"""Every error code the Payment Service answers itself, beside the common ones
(``fincore.common.error_codes``). A failed payment also carries the PSP's failure and decline
codes (``fincore.cards``), relayed as the PSP gave them."""

# The common codes, so that one module names every code this service answers.
from fincore.common.error_codes import *  # noqa: F403
from fincore.common.error_codes import COMMON_CODES

# The card-number guard (fincore.payments.card_guard).
RAW_CARD_DATA_REJECTED = "raw_card_data_rejected"
# The request's fields (fincore.payments.schemas).
TOKEN_INVALID = "token_invalid"
CURRENCY_INVALID = "currency_invalid"
AMOUNT_INVALID = "amount_invalid"
AMOUNT_TOO_LARGE = "amount_too_large"
METADATA_INVALID = "metadata_invalid"
# Idempotency-Key (fincore.payments.idempotency).
IDEMPOTENCY_KEY_INVALID = "idempotency_key_invalid"
IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use"
IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
# Capture, cancel and refunds (fincore.payments.capture, fincore.payments.refunds).
PAYMENT_UNEXPECTED_STATE = "payment_unexpected_state"
AUTHORIZATION_EXPIRED = "authorization_expired"
# The PSP hop (fincore.payments.psp_client).
PSP_UNAVAILABLE = "psp_unavailable"
PSP_AUTHENTICATION_FAILED = "psp_authentication_failed"
# Events and webhook endpoints (fincore.payments.events, fincore.payments.webhooks).
EVENT_TYPE_UNKNOWN = "event_type_unknown"
WEBHOOK_URL_INVALID = "webhook_url_invalid"
# An endpoint URL that is not https on a public address (SSRF: fincore.payments.webhooks.urls).
WEBHOOK_URL_FORBIDDEN = "webhook_url_forbidden"
WEBHOOK_ENDPOINT_LIMIT_REACHED = "webhook_endpoint_limit_reached"

CODES = COMMON_CODES | {
    RAW_CARD_DATA_REJECTED,
    TOKEN_INVALID,
    CURRENCY_INVALID,
    AMOUNT_INVALID,
    AMOUNT_TOO_LARGE,
    METADATA_INVALID,
    IDEMPOTENCY_KEY_INVALID,
    IDEMPOTENCY_KEY_IN_USE,
    IDEMPOTENCY_KEY_REUSED,
    PSP_UNAVAILABLE,
    PSP_AUTHENTICATION_FAILED,
    PAYMENT_UNEXPECTED_STATE,
    AUTHORIZATION_EXPIRED,
    EVENT_TYPE_UNKNOWN,
    WEBHOOK_URL_INVALID,
    WEBHOOK_URL_FORBIDDEN,
    WEBHOOK_ENDPOINT_LIMIT_REACHED,
}
