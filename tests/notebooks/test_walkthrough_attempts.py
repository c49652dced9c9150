"""An attempt's story and matrix row say what happened to the shopper's money, in words."""

import httpx

from fincore.cards.decline_codes import decline_message
from fincore.lab.clients import ApiResponse
from fincore.walkthrough import Attempt, PaymentRequest, resolve_card

REQUEST = PaymentRequest("tok_x", 1500, "jpy", "order-1")


def attempt(card: str, status: int, body: dict, replayed: bool = False) -> Attempt:
    headers = httpx.Headers({"Idempotent-Replayed": "true"} if replayed else {})
    return Attempt(resolve_card(card), REQUEST, ApiResponse(status, body, headers))


def test_a_success_names_the_card_amount_and_brand():
    body = {
        "id": "pay_1",
        "status": "succeeded",
        "amount": 1500,
        "currency": "jpy",
        "card": {"brand": "visa", "last4": "4242"},
    }
    paid = attempt("VISA_PAN", 201, body)
    assert paid.as_expected and paid.payment_id == "pay_1"
    assert paid.story() == (
        "VISA_PAN was charged 1500 JPY (visa ending 4242): the payment succeeded, HTTP 201."
    )


def test_a_decline_quotes_the_shopper_message_and_says_no_money_moved():
    message = decline_message("insufficient_funds")
    error = {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "insufficient_funds",
        "message": message,
        "payment": "pay_2",
    }
    declined = attempt("INSUFFICIENT_FUNDS_PAN", 402, {"error": error}, replayed=True)
    assert declined.as_expected and declined.replayed and declined.payment_id == "pay_2"
    assert declined.story() == (
        f'INSUFFICIENT_FUNDS_PAN was declined (insufficient_funds): "{message}" HTTP 402; '
        "no money moved, and the failed payment of 1500 JPY is stored."
    )
    assert declined.row()[-1] is True and declined.row()[4] == (
        "declined: card_declined/insufficient_funds"
    )


def test_a_pending_payment_and_a_refusal_are_told_as_such():
    pending = attempt("VISA_PAN", 202, {"id": "pay_3", "status": "pending"})
    assert not pending.as_expected and pending.outcome == "pending"
    assert "the PSP's answer was lost; the payment of 1500 JPY is pending" in pending.story()
    reused = attempt("VISA_PAN", 400, {"error": {"code": "token_already_used", "message": "Used."}})
    assert reused.outcome == "refused: token_already_used"
    assert reused.story() == "VISA_PAN: HTTP 400 token_already_used: Used."


def test_a_decline_with_the_wrong_code_is_not_as_expected():
    error = {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "lost_card",
        "message": decline_message("lost_card"),
        "payment": "pay_4",
    }
    assert not attempt("STOLEN_CARD_PAN", 402, {"error": error}).as_expected
