"""What the notebooks stand on, so their cells stay short and never re-implement the system.

from fincore.walkthrough import connect, confirm, show, Table

conn = connect(psp_url, payments_url, publishable_key=..., secret_key=...)  # None: bundled
attempt = conn.charge(resolve_card("VISA_PAN"), 1050, "usd")
confirm(attempt.status == 201, "a Visa card is charged", step="10", observed=attempt.response)
# ✓ step 10: a Visa card is charged
conn.close()
"""

from fincore.walkthrough.attempts import MATRIX_COLUMNS, Attempt, PaymentRequest
from fincore.walkthrough.cards import Expected, card_name, cvc_for, resolve_card
from fincore.walkthrough.claims import ClaimFailed, claim, confirm
from fincore.walkthrough.concurrency import Stopwatch, all_at_once, in_background
from fincore.walkthrough.connection import Closed, Connection, NeedsBundledStack, connect
from fincore.walkthrough.display import Table, render, show
from fincore.walkthrough.sanitize import sanitize

__all__ = [
    "MATRIX_COLUMNS",
    "Attempt",
    "ClaimFailed",
    "Closed",
    "Connection",
    "Expected",
    "NeedsBundledStack",
    "PaymentRequest",
    "Stopwatch",
    "Table",
    "all_at_once",
    "card_name",
    "claim",
    "confirm",
    "connect",
    "cvc_for",
    "in_background",
    "render",
    "resolve_card",
    "sanitize",
    "show",
]
