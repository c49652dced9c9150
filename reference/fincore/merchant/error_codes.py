"""Every error code the demo merchant answers its checkout page with, beside the common ones
(``fincore.common.error_codes``). A declined payment carries the code the Payment Service gave,
unless it would tell a card tester something (``fincore.merchant.checkout``)."""

# The common codes, so that one module names every code this service answers.
from fincore.common.error_codes import *  # noqa: F403
from fincore.common.error_codes import COMMON_CODES

# CSP reports (fincore.merchant.routes.csp_reports).
UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
INVALID_REPORT = "invalid_report"
# The checkout's card-testing budgets (fincore.merchant.card_testing).
RATE_LIMITED = "rate_limited"
# What the page is told of a decline it must not learn more about, and of a lost backend.
CARD_DECLINED = "card_declined"
GENERIC_DECLINE = "generic_decline"
PAYMENTS_UNREACHABLE = "payments_unreachable"
# FinCore's webhooks (fincore.merchant.routes.webhooks): a delivery whose signature fails.
WEBHOOK_SIGNATURE_INVALID = "webhook_signature_invalid"

CODES = COMMON_CODES | {
    UNSUPPORTED_MEDIA_TYPE,
    INVALID_REPORT,
    RATE_LIMITED,
    CARD_DECLINED,
    GENERIC_DECLINE,
    PAYMENTS_UNREACHABLE,
    WEBHOOK_SIGNATURE_INVALID,
}
