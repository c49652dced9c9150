"""Every event type the Payment Service emits, defined once: routes, webhook endpoints and the
docs (docs/webhooks.md) all name them from here."""

PAYMENT_SUCCEEDED = "payment.succeeded"
PAYMENT_FAILED = "payment.failed"
# 3-D Secure: the shopper must authenticate before the payment can go on.
PAYMENT_REQUIRES_ACTION = "payment.requires_action"
# Authorized with capture_method manual: funds held until captured or canceled.
PAYMENT_REQUIRES_CAPTURE = "payment.requires_capture"
PAYMENT_CAPTURED = "payment.captured"
PAYMENT_CANCELED = "payment.canceled"
# An authorization or an authentication that lapsed before it was completed.
PAYMENT_EXPIRED = "payment.expired"
REFUND_SUCCEEDED = "refund.succeeded"
REFUND_FAILED = "refund.failed"

EVENT_TYPES = (
    PAYMENT_SUCCEEDED,
    PAYMENT_FAILED,
    PAYMENT_REQUIRES_ACTION,
    PAYMENT_REQUIRES_CAPTURE,
    PAYMENT_CAPTURED,
    PAYMENT_CANCELED,
    PAYMENT_EXPIRED,
    REFUND_SUCCEEDED,
    REFUND_FAILED,
)
# In an endpoint's enabled_events: every type, including those added later.
ALL_EVENTS = "*"
