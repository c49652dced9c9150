"""The request log, seen through the Payment Service: one line per request, naming who paid what
and how it ended, for FastAPI's answers and its 500s alike; never a stack trace on the wire."""

from typing import Any

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
