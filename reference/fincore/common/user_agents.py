"""How our own components name themselves when they call another one.

Every outbound HTTP client of a FinCore component sends one of these User-Agents, so the trace
recorder can tell the merchant backend's call to the Payment Service (step 10) from the Payment
Service's call to the PSP (the charge), and from anything else.
"""

MERCHANT_BACKEND = "fincore-merchant-backend/1.0"
PAYMENT_SERVICE = "fincore-payments/1.0"
