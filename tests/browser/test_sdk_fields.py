"""What integrators expect of card fields, in a real page: expiry typed in any common format,
every brand recognised with its mark, field methods, Enter to submit, locales, refused fonts."""

import re

import pytest
from playwright.sync_api import expect

from fincore.cards.test_cards import (
    DINERS_PAN,
    JCB_PAN,
    UNIONPAY_19_DIGIT_PAN,
    VISA_PAN,
)

pytestmark = pytest.mark.browser

REMOUNT = """async ({ options, fieldOptions }) => {
    window.fincoreCheckout.card.destroy();
    const { publishableKey, pspOrigin } = document.body.dataset;
    const fincore = FinCore(publishableKey, { pspOrigin, ...options });
    const card = fincore.cardFields(
        { number: '#card-number', expiry: '#card-expiry', cvc: '#card-cvc' }, fieldOptions);
    window.mounted = { fincore, card, events: [] };
    for (const name of ['change', 'submit']) {
        card.on(name, (event) => window.mounted.events.push({ name, ...event }));
    }
    await new Promise((resolve) => card.on('ready', resolve));
}"""


def remount(checkout, options=None, field_options=None):
    checkout.page.evaluate(REMOUNT, {"options": options or {}, "fieldOptions": field_options or {}})


def events(checkout, name):
    return checkout.page.evaluate(
        # Through JSON: a FinCoreError in an event becomes its plain {type, code, message}.
        """(name) => JSON.parse(JSON.stringify(
            window.mounted.events.filter((event) => event.name === name)))""",
        name,
    )


@pytest.mark.parametrize(
    ("keys", "shown"),
    [("12/2030", "12 / 30"), ("1/30", "01 / 30"), ("0130", "01 / 30"), ("4 / 31", "04 / 31")],
)
def test_expiry_typed_key_by_key_shows_month_and_two_digit_year(checkout, keys, shown):
    checkout.input("expiry").press_sequentially(keys)
    expect(checkout.input("expiry")).to_have_value(shown)
    expect(checkout.container("expiry")).to_have_class(re.compile("FinCore-field--complete"))


def test_an_expiry_pasted_with_a_four_digit_year_is_complete(checkout):
    checkout.input("expiry").fill("11/2031")
    expect(checkout.input("expiry")).to_have_value("11 / 31")
    expect(checkout.container("expiry")).to_have_class(re.compile("FinCore-field--complete"))


@pytest.mark.parametrize(
    ("number", "brand", "shown"),
    [
        (JCB_PAN, "jcb", "3566 0020 2036 0505"),
        (DINERS_PAN, "diners", "3622 720627 1667"),
        (UNIONPAY_19_DIGIT_PAN, "unionpay", "6205 5000 0000 0000 004"),
    ],
)
def test_jcb_diners_and_unionpay_are_recognised_shown_and_tokenized(checkout, number, brand, shown):
    remount(checkout)
    checkout.fill_card(number)
    expect(checkout.input("number")).to_have_value(shown)
    mark = checkout.page.frame_locator("#card-number iframe").locator("#brand")
    expect(mark).to_have_attribute("data-brand", brand)
    assert events(checkout, "change")[-1]["brand"] == brand
    result = checkout.page.evaluate(
        "async () => { const r = await window.mounted.fincore.tokenize();"
        " return r.token ? r.token.card : r.error.code; }"
    )
    assert result["brand"] == brand and result["last4"] == number[-4:]


def test_focus_clear_and_update_act_on_the_fields(checkout, wait_until):
    remount(checkout)
    checkout.fill_card(VISA_PAN)
    page = checkout.page
    page.evaluate("window.mounted.card.focus('expiry')")
    expect(checkout.input("expiry")).to_be_focused()
    page.evaluate("window.mounted.card.clear('number')")
    expect(checkout.input("number")).to_have_value("")
    expect(checkout.input("cvc")).to_have_value("123")
    page.evaluate("window.mounted.card.clear()")
    for field in ("expiry", "cvc"):
        expect(checkout.input(field)).to_have_value("")
    page.evaluate(
        """() => window.mounted.card.update({
            style: { base: { color: 'rgb(10, 20, 30)' } },
            placeholders: { cvc: 'CVV' },
            disabled: true })"""
    )
    expect(checkout.input("cvc")).to_have_attribute("placeholder", "CVV")
    expect(checkout.input("number")).to_be_disabled()
    frame = checkout.frame("number")
    wait_until(
        frame, "getComputedStyle(document.querySelector('input')).color === 'rgb(10, 20, 30)'"
    )
    page.evaluate("window.mounted.card.update({ disabled: false })")
    expect(checkout.input("number")).to_be_enabled()
    # Placeholders and style stay as last set.
    expect(checkout.input("cvc")).to_have_attribute("placeholder", "CVV")


def test_a_field_method_given_a_wrong_field_throws_an_integration_error(checkout):
    error = checkout.page.evaluate(
        """() => { try { window.fincoreCheckout.card.focus('pin'); }
            catch (e) { return { type: e.type, code: e.code }; } }"""
    )
    assert error == {"type": "integration_error", "code": "invalid_option"}


def test_enter_in_any_field_fires_submit_naming_the_field(checkout, wait_until):
    remount(checkout)
    for field in ("number", "expiry", "cvc"):
        checkout.input(field).press("Enter")
    expect(checkout.page.locator("#outcome")).to_be_empty()  # the remounted SDK does not pay
    wait_until(
        checkout.page,
        "window.mounted.events.filter((event) => event.name === 'submit').length >= 3",
    )
    assert [event["field"] for event in events(checkout, "submit")] == ["number", "expiry", "cvc"]


@pytest.mark.parametrize(
    ("locale", "title", "placeholder"),
    [
        ("fr", "Saisie sécurisée du numéro de carte", "MM / AA"),
        ("de", "Sichere Eingabe der Kartennummer", "MM / JJ"),
        ("es", "Campo seguro del número de tarjeta", "MM / AA"),
        ("ja", "カード番号の安全な入力欄", "MM / YY"),
    ],
)
def test_each_locale_translates_frame_titles_placeholders_and_messages(
    checkout, locale, title, placeholder, wait_until
):
    remount(checkout, options={"locale": locale})
    expect(checkout.page.locator("#card-number iframe")).to_have_attribute("title", title)
    expect(checkout.input("expiry")).to_have_attribute("placeholder", placeholder)
    frame = checkout.frame("number")
    assert frame.evaluate("document.documentElement.lang") == locale
    checkout.input("number").fill("4242")
    checkout.input("cvc").click()
    wait_until(
        checkout.page,
        "window.mounted.events.some((event) => event.name === 'change' && event.error)",
    )
    message = [e for e in events(checkout, "change") if e["error"]][-1]["error"]["message"]
    english = "Your card number is incomplete."
    assert message and message != english


def test_auto_locale_follows_the_browsers_languages(browser, browser_stack):
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.goto(f"{browser_stack.info.merchant_url}/")
        expect(page.locator("body")).to_have_attribute("data-fields-ready", "true")
        expect(page.locator("#card-cvc iframe")).to_have_attribute(
            "title", "Sichere Eingabe der Prüfnummer"
        )
    finally:
        context.close()


def test_a_fonts_option_is_refused_with_a_clear_error(checkout):
    error = checkout.page.evaluate(
        """() => {
            const { publishableKey, pspOrigin } = document.body.dataset;
            window.fincoreCheckout.card.destroy();
            try {
                FinCore(publishableKey, { pspOrigin }).cardFields(
                    { number: '#card-number', expiry: '#card-expiry', cvc: '#card-cvc' },
                    { fonts: [{ cssSrc: 'https://fonts.example/css?family=Inter' }] });
            } catch (e) { return { type: e.type, code: e.code, message: e.message }; }
        }"""
    )
    assert (error["type"], error["code"]) == ("integration_error", "invalid_option")
    assert "fonts" in error["message"] and "fontFamily" in error["message"]
    assert checkout.page.locator("#card-number iframe").count() == 0


def test_a_psp_card_error_reaches_the_page_in_the_shoppers_language(checkout, context):
    refusal = {
        "error": {
            "type": "card_error",
            "code": "incorrect_number",
            "message": "The card number is incorrect.",
            "param": "number",
        }
    }
    context.route(
        f"{checkout.stack.info.psp_url}/v1/tokens",
        lambda route: route.fulfill(status=402, json=refusal),
    )
    remount(checkout, options={"locale": "fr"})
    checkout.fill_card(VISA_PAN)
    error = checkout.page.evaluate(
        "async () => (await window.mounted.fincore.tokenize()).error.toJSON()"
    )
    assert error == {
        "type": "card_error",
        "code": "incorrect_number",
        "message": "Le numéro de carte est invalide.",
        "field": "number",
    }
