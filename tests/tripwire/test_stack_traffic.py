"""The local stack records what every out-of-scope component receives; the tripwire reads it."""

import httpx

from fincore.cards.test_cards import VISA_PAN
from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions


def test_a_clean_payment_leaves_nothing_for_the_tripwire(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path)) as stack:
        info = stack.info
        shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
        merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
        assert merchant.pay(shopper.token_id(VISA_PAN)).status == 201
        report = stack.tripwire_report()
        assert report.ok, report.to_markdown()
        # The PSP received the card (it may) and is not scanned; the Payment Service was.
        assert stack.traffic.counts() == {"payments": 1}


def test_a_card_number_sent_to_the_merchant_backend_is_caught_and_named():
    # The stack's own temporary folder, not pytest's: the leak planted here must not trip the
    # session-wide scan of everything the suite's stacks wrote.
    with LocalStack() as stack:
        httpx.post(
            f"{stack.info.merchant_url}/api/checkout",
            json={"token": VISA_PAN, "attempt": "broken-integration"},
        )
        report = stack.tripwire_report()
    assert not report.ok
    assert {finding.component for finding in report.findings} == {"merchant"}
    assert all(finding.last4 == "4242" for finding in report.findings)
    assert VISA_PAN not in report.to_markdown()
