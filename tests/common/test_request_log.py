"""The request log, seen through the Payment Service: one line per request, naming who paid what
and how it ended, for FastAPI's answers and its 500s alike; never a stack trace on the wire."""

from typing import Any

import pytest

from fincore.cards.test_cards import DINERS_PAN
from fincore.common.request_log import WITHHELD_PATH, loggable_path
from fincore.payments import charging


def log_lines(stack) -> list[dict[str, Any]]:
    return stack.payments_state.log.records()


def test_a_payment_is_logged_with_its_merchant_payment_and_status(stack, shopper, merchant):
    response = merchant.pay(shopper.token_id())
    line = log_lines(stack)[-1]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/v1/payments", 201)
    assert line["merchant"] == stack.info.merchants[0].id
    assert line["payment"] == response.body["id"]


def test_a_refused_payment_is_logged_with_its_status(stack, merchant):
    assert merchant.pay("not-a-token").status == 400
    assert log_lines(stack)[-1]["status"] == 400


def test_an_unexpected_error_is_a_logged_500_with_the_error_object_and_no_trace(
    stack, shopper, merchant, monkeypatch
):
    def broken(*_: Any) -> None:
        raise RuntimeError("a bug deep inside")

    monkeypatch.setattr(charging, "reply_for", broken)
    response = merchant.pay(shopper.token_id())
    assert response.status == 500
    assert response.error["code"] == "internal_error"
    assert "Traceback" not in str(response.body) and "a bug deep inside" not in str(response.body)
    assert log_lines(stack)[-1]["status"] == 500


ARABIC_INDIC_ZERO = 0x0660


@pytest.mark.parametrize(
    "path",
    [
        f"/v1/payments/{DINERS_PAN}",  # the shortest card brand's length
        "/v1/payments/" + "-".join((DINERS_PAN[:4], DINERS_PAN[4:10], DINERS_PAN[10:])),
        "/v1/payments/" + "".join(chr(ARABIC_INDIC_ZERO + int(d)) for d in DINERS_PAN),
    ],
)
def test_a_path_holding_a_card_number_is_withheld_from_the_log(path):
    assert loggable_path(path) == WITHHELD_PATH


@pytest.mark.parametrize("path", ["/v1/payments", "/v1/payments/pay_123456789012", "/healthz"])
def test_a_path_with_too_few_digits_for_a_card_is_logged_as_it_is(path):
    assert loggable_path(path) == path
