"""After every kind of request, nothing the Payment Service wrote holds a card number."""

import pytest

from fincore.cards.test_cards import TEST_CARDS, VISA_PAN
from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.tripwire import scan_tree


@pytest.fixture(scope="module")
def exercised(tmp_path_factory):
    with LocalStack(StackOptions(data_dir=tmp_path_factory.mktemp("pan-scan"))) as stack:
        info = stack.info
        shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
        merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
        for card in TEST_CARDS:
            cvc = "1234" if card.brand == "amex" else "123"
            merchant.pay(shopper.token_id(card.number, cvc=cvc), idempotency_key=card.number[-8:])
        # Integrations gone wrong: the guard must refuse these without writing them anywhere.
        merchant.pay(VISA_PAN)
        merchant.pay("tok_x", description=f"card {VISA_PAN}")
        merchant.list(starting_after=VISA_PAN)
        yield info


def test_the_payment_service_wrote_no_card_number(exercised):
    payments_dir = exercised.data_dir / "payments"
    assert (payments_dir / "requests.log").stat().st_size > 0
    assert scan_tree(payments_dir) == []


def test_the_psp_keeps_no_plaintext_card_number(exercised):
    assert scan_tree(exercised.data_dir / "psp") == []


def test_the_scanner_would_have_caught_one(tmp_path):
    planted = tmp_path / "leak.log"
    planted.write_text(f'{{"body": "{VISA_PAN}"}}\n')
    findings = scan_tree(tmp_path)
    assert [f.last4 for f in findings] == ["4242"]
    assert VISA_PAN not in str(findings[0])
