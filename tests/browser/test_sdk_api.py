"""The SDK's public API in a real page: timeouts with stable codes, tokenize() that never
rejects, destroy() that leaves nothing behind, the style allow-list, and the documented protocol."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from playwright.sync_api import expect

from fincore.cards.pan_pattern import find_pans
from fincore.cards.test_cards import VISA_PAN

pytestmark = pytest.mark.browser

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "sdk/protocol/fincore-frame-protocol.v1.schema.json"
)

REMOUNT = """async ({ options, style, waitReady }) => {
    window.fincoreCheckout.card.destroy();
    const { publishableKey, pspOrigin } = document.body.dataset;
    const fincore = FinCore(publishableKey, { pspOrigin, ...options });
    const card = fincore.cardFields(
        { number: '#card-number', expiry: '#card-expiry', cvc: '#card-cvc' }, { style });
    window.mounted = { fincore, card };
    if (waitReady) await new Promise((resolve) => card.on('ready', resolve));
}"""


def remount(checkout, options=None, style=None, wait_ready=True):
    checkout.page.evaluate(
        REMOUNT, {"options": options or {}, "style": style or {}, "waitReady": wait_ready}
    )


def plain(error_expression):
    return f"""(() => {{ const e = {error_expression};
        return {{ name: e.name, type: e.type, code: e.code }}; }})()"""


def test_frames_that_never_load_give_a_frame_ready_timeout(checkout):
    # The CDN serves no field pages, and the page's CSP would not let it frame them anyway.
    error = checkout.page.evaluate(
        """async (cdn) => {
            window.fincoreCheckout.card.destroy();
            const fincore = FinCore(document.body.dataset.publishableKey,
                                    { pspOrigin: cdn, timeouts: { ready: 300 } });
            const card = fincore.cardFields(
                { number: '#card-number', expiry: '#card-expiry', cvc: '#card-cvc' });
            const e = await new Promise((resolve) => card.on('error', resolve));
            return { name: e.name, type: e.type, code: e.code };
        }""",
        checkout.stack.info.cdn_url,
    )
    assert error == {"name": "FinCoreError", "type": "timeout_error", "code": "frame_ready_timeout"}


def test_an_unanswered_tokenize_resolves_with_a_tokenize_timeout(checkout, context):
    held = []
    context.route(f"{checkout.stack.info.psp_url}/v1/tokens", lambda route: held.append(route))
    remount(checkout, options={"timeouts": {"tokenize": 500}})
    checkout.fill_card(VISA_PAN)
    result = checkout.page.evaluate(
        """async () => {
            const { error } = await window.mounted.fincore.tokenize();
            return { name: error.name, type: error.type, code: error.code };
        }"""
    )
    assert result == {"name": "FinCoreError", "type": "timeout_error", "code": "tokenize_timeout"}
    assert len(held) == 1
    held[0].abort()


def test_integration_mistakes_throw_and_tokenize_never_rejects(checkout):
    page = checkout.page
    psp = checkout.stack.info.psp_url

    def thrown(script):
        return page.evaluate(
            f"""() => {{ try {{ {script}; return null; }}
                catch (e) {{ return {{ name: e.name, type: e.type, code: e.code }}; }} }}"""
        )

    key = "document.body.dataset.publishableKey"
    assert thrown("FinCore('sk_test_abcdefgh12345678')")["code"] == "secret_key_in_browser"
    assert thrown("FinCore('hello')")["code"] == "invalid_publishable_key"
    for origin in ("*", f"{psp}/", "http://psp.example", "javascript:alert(1)"):
        error = thrown(f"FinCore({key}, {{ pspOrigin: {json.dumps(origin)} }})")
        assert error == {
            "name": "FinCoreError",
            "type": "integration_error",
            "code": "invalid_psp_origin",
        }, origin
    assert (
        thrown("window.fincoreCheckout.fincore.cardFields({ number: '#card-number' })")["code"]
        == "fields_already_mounted"
    )
    assert (
        thrown(
            f"FinCore({key}, {{ pspOrigin: {json.dumps(psp)} }})"
            ".cardFields({ number: '#nowhere', expiry: '#card-expiry', cvc: '#card-cvc' })"
        )["code"]
        == "container_not_found"
    )
    unmounted = page.evaluate(
        f"""async () => {{
            const {{ error }} = await FinCore({key}, {{ pspOrigin: {json.dumps(psp)} }}).tokenize();
            return error.code;
        }}"""
    )
    assert unmounted == "fields_not_mounted"


def message_listener_count(page, cdp):
    window = cdp.send("Runtime.evaluate", {"expression": "window"})["result"]["objectId"]
    listeners = cdp.send("DOMDebugger.getEventListeners", {"objectId": window})["listeners"]
    return sum(1 for listener in listeners if listener["type"] == "message")


def test_destroy_removes_the_frames_the_classes_and_the_listener(checkout):
    page = checkout.page
    cdp = page.context.new_cdp_session(page)
    mounted = message_listener_count(page, cdp)
    page.evaluate("window.fincoreCheckout.card.destroy()")
    assert message_listener_count(page, cdp) == mounted - 1
    for field in ("number", "expiry", "cvc"):
        expect(checkout.container(field).locator("iframe")).to_have_count(0)
        assert "FinCore-field" not in (checkout.container(field).get_attribute("class") or "")
    result = page.evaluate(
        "async () => (await window.fincoreCheckout.fincore.tokenize()).error.code"
    )
    assert result == "fields_not_mounted"
    # The same client can mount again after destroy().
    page.evaluate(
        """async () => {
            const card = window.fincoreCheckout.fincore.cardFields(
                { number: '#card-number', expiry: '#card-expiry', cvc: '#card-cvc' });
            await new Promise((resolve) => card.on('ready', resolve));
        }"""
    )
    assert message_listener_count(page, cdp) == mounted


def computed(frame, prop):
    return frame.evaluate(
        "p => getComputedStyle(document.querySelector('input')).getPropertyValue(p)", prop
    )


def test_only_allow_listed_styles_reach_the_field(checkout, foreign_site, wait_until):
    leak = f"url({foreign_site.origin}/leak)"
    style = {
        "base": {
            "color": "rgb(1, 2, 3)",
            "letterSpacing": "2px",
            "backgroundImage": leak,
            "fontSize": leak,
            "textShadow": "expression(alert(1))",
            "::before": {"content": leak},
        }
    }
    remount(checkout, style=style)
    frame = checkout.frame("number")
    assert computed(frame, "color") == "rgb(1, 2, 3)"
    assert computed(frame, "letter-spacing") == "2px"
    assert computed(frame, "background-image") == "none"
    assert computed(frame, "font-size") == "16px"
    assert computed(frame, "text-shadow") == "none"
    # A page that skips the SDK and posts an unfiltered style straight to the frame fares no
    # better: the frame filters again.
    checkout.page.evaluate(
        """([leak, psp]) => {
            const iframe = document.querySelector('#card-number iframe');
            const channel = iframe.src.split('#channel=')[1];
            iframe.contentWindow.postMessage({
                protocol: 'fincore/1', channel, type: 'fincore:configure',
                payload: { style: { base: { color: 'rgb(4, 5, 6)', backgroundImage: leak } },
                           placeholder: null, ariaLabel: null, locale: 'en' },
            }, psp);
        }""",
        [leak, checkout.stack.info.psp_url],
    )
    wait_until(frame, "getComputedStyle(document.querySelector('input')).color === 'rgb(4, 5, 6)'")
    assert computed(frame, "background-image") == "none"
    assert foreign_site.requested == []


RECORD_MESSAGES = """(() => {
    const log = (window.__fincoreMessages = []);
    window.addEventListener('message', (event) => log.push(event.data), true);
    const post = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = function (data) {
        log.push(data);
        return post.call(this, data);
    };
})();"""


def test_every_message_of_a_payment_follows_the_documented_protocol(context, new_checkout):
    context.add_init_script(RECORD_MESSAGES)
    checkout = new_checkout()
    checkout.fill_card(VISA_PAN)
    checkout.input("number").focus()
    checkout.input("number").blur()
    checkout.page.evaluate("window.fincoreCheckout.card.clear('cvc').focus('cvc')")
    expect(checkout.input("cvc")).to_have_value("")
    expect(checkout.input("cvc")).to_be_focused()
    checkout.input("cvc").fill("123")
    checkout.input("cvc").press("Enter")  # the demo page pays on the SDK's submit event
    expect(checkout.outcome).to_have_attribute("data-kind", "success")
    recorded = [
        message
        for frame in checkout.page.frames
        for message in frame.evaluate("window.__fincoreMessages || []")
    ]
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    for message in recorded:
        errors = [error.message for error in validator.iter_errors(message)]
        assert not errors, (message, errors)
    schema_types = validator.schema["properties"]["type"]["enum"]
    # 3-D Secure's result comes only in a challenged payment; its shape is checked against the
    # schema in tests/sdk/test_sdk_protocol.py and in use in tests/browser/test_three_d_secure.py.
    assert {message["type"] for message in recorded} == set(schema_types) - {
        "fincore:three-ds-result"
    }
    # The number crossed no message: not to the page, not even between the PSP's own frames.
    assert not list(find_pans(json.dumps(recorded)))


def test_the_locale_sets_the_fields_labels_and_messages(checkout):
    remount(checkout, options={"locale": "fr"})
    frame = checkout.frame("number")
    assert frame.evaluate("document.getElementById('label').textContent") == "Numéro de carte"
    assert frame.evaluate("document.documentElement.lang") == "fr"
    checkout.page.evaluate(
        """() => window.mounted.card.on('change', (event) => {
            if (event.error) document.title = event.error.message;
        })"""
    )
    checkout.input("number").fill("4242")
    checkout.input("cvc").click()  # leaving the number field shows its error
    expect(checkout.page).to_have_title("Le numéro de carte est incomplet.")
