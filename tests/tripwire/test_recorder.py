"""The recorder sees what the Payment Service received, refused or not, in any part of a request,
and names where; a clean payment leaves nothing to report."""

import base64

import pytest

from fincore.tripwire import build_report, new_canary


@pytest.fixture
def recorder(recorded):
    recorded.recorder.clear()
    return recorded.recorder


def test_a_clean_payment_leaves_no_finding(recorded, recorder):
    response = recorded.merchant.pay(recorded.shopper.token_id(), description="Order 1717171717")
    assert response.status == 201
    assert recorder.counts() == {"payments": 1}
    [received] = recorder.received("payments")
    assert (received.method, received.path) == ("POST", b"/v1/payments")
    assert b'"description":"Order 1717171717"' in received.body
    assert any(name == b"authorization" for name, _ in received.headers)
    assert recorder.findings() == []


def test_a_card_number_the_guard_refused_was_still_received(recorded, recorder):
    number = new_canary("visa")
    response = recorded.merchant.pay("tok_x", description=f"card {number}")
    assert response.error["code"] == "raw_card_data_rejected"
    [finding] = recorder.findings()
    assert (finding.component, finding.where, finding.encoding, finding.last4) == (
        "payments",
        "POST /v1/payments (body)",
        "plain",
        number[-4:],
    )


def test_a_base64_card_number_is_refused_by_the_guard_and_named_by_the_tripwire(recorded, recorder):
    # An integration that encodes the card: the guard decodes base64 as the tripwire does.
    number = new_canary("mastercard")
    blob = base64.b64encode(f'{{"pan": "{number}"}}'.encode()).decode()
    response = recorded.merchant.pay(recorded.shopper.token_id(), metadata={"blob": blob})
    assert response.error["code"] == "raw_card_data_rejected"
    assert [(f.where, f.encoding) for f in recorder.findings()] == [
        ("POST /v1/payments (body)", "base64")
    ]
    assert build_report(folders={"payments": recorded.payments_dir}).ok


@pytest.mark.parametrize(
    ("how", "part", "encoding"),
    [
        ("header", "header x-card-number", "plain"),
        ("query", "query string", "url-encoding"),
        ("path", "path", "plain"),
    ],
)
def test_a_card_number_anywhere_in_the_request_is_named(recorded, recorder, how, part, encoding):
    number = new_canary("amex")
    # Slashes, which a query string percent-escapes (a "+" for a space reads as a separator).
    spaced = f"{number[:4]}/{number[4:10]}/{number[10:]}"
    http = recorded.merchant._http
    if how == "header":
        http.get("/v1/payments", headers={"X-Card-Number": number})
    elif how == "query":
        http.get("/v1/payments", params={"note": spaced})
    else:
        http.get(f"/v1/payments/{number}")
    [finding] = recorder.findings()
    assert (finding.where.endswith(f"({part})"), finding.encoding) == (True, encoding)
    assert finding.last4 == number[-4:]
    # A path that is the leak is not repeated in the report.
    assert number not in finding.where


def test_nothing_the_recorder_shows_holds_a_full_number(recorded, recorder):
    number = new_canary("discover")
    recorded.merchant.pay("tok_x", description=number)
    shown = repr(recorder.received()) + "".join(str(f) for f in recorder.findings())
    report = build_report(recorder)
    shown += report.to_markdown() + report.to_html() + repr(report)
    assert number[-4:] in shown
    assert number not in shown
