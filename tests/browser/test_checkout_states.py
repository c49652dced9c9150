"""The demo checkout in each state a shopper meets (empty, filled, invalid, declined, succeeded):
clean under axe-core on the page and inside each field frame, laid out without jumps, and
screenshotted into build/screenshots/ for a reviewer."""

import re

import pytest
from playwright.sync_api import expect

from fincore.cards.test_cards import INCORRECT_CVC_PAN, INSUFFICIENT_FUNDS_PAN, VISA_PAN

pytestmark = pytest.mark.browser

FIELDS = ("number", "expiry", "cvc")
# A number of the right length for Visa that fails the Luhn check: flagged, never sent.
LUHN_INVALID = "4242424242424241"


def pay_button_top(checkout):
    box = checkout.page.locator("#pay").bounding_box()
    assert box is not None
    return box["y"]


@pytest.fixture
def checked_state(checkout, axe_report, screenshots):
    """``checked_state(name)``: screenshot the page, check it under axe-core (page and field
    frames), and return the Pay button's position."""

    def check(name):
        checkout.page.screenshot(path=screenshots / f"checkout-{name}.png", full_page=True)
        report = axe_report(checkout.page)
        assert report["violations"] == [], (name, report["violations"])
        assert report["untested"] == [], f"{name}: axe could not enter {report['untested']}"
        assert len(report["framed"]) == len(FIELDS), f"{name}: axe tested {report['framed']}"
        return pay_button_top(checkout)

    return check


def test_empty_filled_and_succeeded_states_are_accessible_and_do_not_shift(checkout, checked_state):
    empty_top = checked_state("empty")
    checkout.fill_card(VISA_PAN)
    for field in FIELDS:
        expect(checkout.container(field)).to_have_class(re.compile("FinCore-field--complete"))
    assert checked_state("filled") == empty_top
    checkout.pay()
    expect(checkout.outcome).to_have_attribute("data-kind", "success")
    # Nothing left to type once paid.
    for field in FIELDS:
        expect(checkout.input(field)).to_be_disabled()
    assert checked_state("succeeded") == empty_top


def test_the_invalid_state_shows_its_messages_without_moving_the_pay_button(
    checkout, checked_state
):
    empty_top = pay_button_top(checkout)
    checkout.input("number").fill(LUHN_INVALID)
    checkout.input("expiry").fill("13")
    checkout.input("cvc").fill("1")
    checkout.page.locator("#cardholder-name").click()  # leave the fields: their errors show
    for field in FIELDS:
        expect(checkout.container(field)).to_have_class(re.compile("FinCore-field--invalid"))
        expect(checkout.page.locator(f"#card-{field}-error")).not_to_be_empty()
    assert checked_state("invalid") == empty_top


def test_a_long_error_message_keeps_to_its_reserved_space(checkout):
    empty_top = pay_button_top(checkout)
    checkout.page.evaluate(
        """() => { document.getElementById('card-expiry-error').textContent =
            'A message long enough to need two lines in the narrow expiry column.'; }"""
    )
    assert pay_button_top(checkout) == empty_top


def test_a_decline_marks_the_number_clears_the_cvc_and_shows_the_shoppers_message(
    checkout, checked_state
):
    empty_top = pay_button_top(checkout)
    checkout.fill_card(INSUFFICIENT_FUNDS_PAN)
    checkout.pay()
    expect(checkout.outcome).to_have_text("Your card has insufficient funds.")
    expect(checkout.container("number")).to_have_class(re.compile("card-field--declined"))
    expect(checkout.input("cvc")).to_have_value("")
    expect(checkout.input("number")).to_be_focused()
    expect(checkout.page.locator("#pay")).to_be_enabled()
    assert checked_state("declined") == empty_top
    # Typing another card clears the mark, and the second attempt goes through.
    checkout.input("number").select_text()
    checkout.input("number").press_sequentially(VISA_PAN)
    expect(checkout.container("number")).not_to_have_class(re.compile("card-field--declined"))
    checkout.input("cvc").fill("123")
    checkout.pay()
    expect(checkout.outcome).to_have_attribute("data-kind", "success")


def test_a_cvc_decline_reaches_the_page_as_a_generic_decline_of_the_card(checkout):
    # The merchant backend tells the anonymous browser only "declined" for incorrect_cvc (it
    # would tell a card tester that number and expiry are right): the page marks the card, as for
    # any generic decline, and never the CVC field alone.
    checkout.fill_card(INCORRECT_CVC_PAN)
    checkout.pay()
    expect(checkout.outcome).to_have_attribute("data-kind", "error")
    expect(checkout.container("number")).to_have_class(re.compile("card-field--declined"))
    expect(checkout.container("cvc")).not_to_have_class(re.compile("card-field--declined"))
