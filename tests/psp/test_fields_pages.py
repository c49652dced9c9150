"""The card-field pages the PSP serves for merchants to frame (step 3)."""

import html
import json
import re

import httpx
import pytest

from fincore.common.merchants import new_merchant
from fincore.common.sdk_dist import load_build
from fincore.psp.fields import FIELD_INPUTS, frame_ancestors, locales

IDENTITY = {"Accept-Encoding": "identity"}


def get_page(stack, field="number", key=None, origin=None, locale=None, headers=None):
    merchant = stack.info.merchants[0]
    params = {
        "key": key or merchant.publishable_key,
        "origin": origin or stack.info.merchant_url,
    }
    if locale:
        params["locale"] = locale
    return httpx.get(f"{stack.info.psp_url}/fields/v1/{field}", params=params, headers=headers)


def page_strings(response):
    found = re.search(r'data-strings="([^"]*)"', response.text)
    assert found, "the page carries its words"
    return json.loads(html.unescape(found.group(1)))


def csp(response):
    return dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["content-security-policy"].split(";")
    )


@pytest.mark.parametrize("field", ["number", "expiry", "cvc"])
def test_each_field_page_has_a_labelled_numeric_input_with_its_autocomplete(stack, field):
    response = get_page(stack, field)
    assert response.status_code == 200
    page = response.text
    assert f'autocomplete="{FIELD_INPUTS[field]["autocomplete"]}"' in page
    assert 'inputmode="numeric"' in page
    assert '<label id="label" for="field"' in page


def test_only_the_merchants_registered_origins_may_frame_the_page(stack):
    policy = csp(get_page(stack))
    merchant = stack.info.merchants[0]
    assert policy["frame-ancestors"].split() == list(merchant.allowed_origins)
    assert stack.info.merchant_url in merchant.allowed_origins


def test_only_the_nonce_tagged_fields_script_may_run(stack):
    first, second = get_page(stack), get_page(stack)
    policy = csp(first)
    nonce = re.fullmatch(r"'nonce-([\w-]+)'", policy["script-src"]).group(1)
    build = load_build()
    tag = re.search(r"<script ([^>]*)></script>", first.text).group(1)
    assert f'nonce="{nonce}"' in tag
    assert f'integrity="{build.fields.integrity}"' in tag
    assert first.text.count("<script") == 1
    assert policy["default-src"] == "'none'"
    assert policy["connect-src"] == "'self'"
    assert "unsafe" not in first.headers["content-security-policy"]
    assert csp(second)["script-src"] != policy["script-src"], "a nonce is never reused"
    assert first.headers["cache-control"] == "no-store"


def test_an_unregistered_origin_is_refused(stack):
    response = get_page(stack, origin="https://evil.example")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "origin_not_allowed"


def test_an_unknown_key_or_field_is_refused(stack):
    assert get_page(stack, key="pk_test_unknown000000").status_code == 401
    assert get_page(stack, field="pin").status_code == 404


def test_a_merchant_with_no_registered_origin_cannot_be_framed_anywhere():
    assert frame_ancestors(new_merchant("acct_x", "X")) == "'none'"
    odd = new_merchant("acct_y", "Y", ["https://shop.example", "https://x.example; script-src *"])
    assert frame_ancestors(odd) == "https://shop.example"


def test_the_fields_script_and_styles_are_served_from_the_psp_origin(stack):
    build = load_build()
    base = f"{stack.info.psp_url}/fields/v1/static"
    script = httpx.get(f"{base}/{build.fields.file}")
    assert script.status_code == 200
    assert script.content == (build.directory / build.fields.file).read_bytes()
    assert script.headers["content-type"].startswith("text/javascript")
    assert "immutable" in script.headers["cache-control"]
    assert httpx.get(f"{base}/fields.css").headers["content-type"].startswith("text/css")
    assert httpx.get(f"{base}/{build.sdk.file}").status_code == 404
    assert httpx.get(f"{base}/..%2Fmanifest.json").status_code == 404


@pytest.mark.parametrize("locale", ["en", "fr", "de", "es", "ja"])
def test_each_page_speaks_the_locale_the_sdk_asked_for(stack, locale):
    words = locales()[locale]
    response = get_page(stack, "expiry", locale=locale)
    assert f'<html lang="{locale}">' in response.text
    assert f"<title>{html.escape(words['titles']['expiry'])}</title>" in response.text
    strings = page_strings(response)
    assert strings["placeholder"] == words["placeholders"]["expiry"]
    assert strings["errors"]["expiry_past"] == words["errors"]["expiry_past"]


def test_an_unknown_locale_gets_the_english_page(stack):
    response = get_page(stack, locale="xx")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text


def test_every_locale_has_every_word_english_has():
    english = locales()["en"]
    for locale, words in locales().items():
        for group in ("labels", "placeholders", "titles", "errors"):
            assert set(words[group]) == set(english[group]), (locale, group)
            assert all(text.strip() for text in words[group].values()), (locale, group)


def test_the_page_script_and_styles_go_out_gzip_compressed(stack):
    build = load_build()
    base = f"{stack.info.psp_url}/fields/v1/static"
    page = get_page(stack)
    script = httpx.get(f"{base}/{build.fields.file}")
    styles = httpx.get(f"{base}/fields.css")
    for response in (page, script, styles):
        assert response.headers["content-encoding"] == "gzip", response.url
        assert "accept-encoding" in response.headers["vary"].lower()
    # httpx decodes the body; the bytes on the wire are the gzip form, smaller than the file.
    raw = httpx.get(f"{base}/{build.fields.file}", headers={"Accept-Encoding": "gzip"})
    assert script.content == (build.directory / build.fields.file).read_bytes()
    assert int(raw.headers["content-length"]) < build.fields.bytes
    assert "immutable" in script.headers["cache-control"]
    assert page.headers["cache-control"] == "no-store"


def test_a_client_without_gzip_gets_the_plain_files(stack):
    build = load_build()
    script = httpx.get(
        f"{stack.info.psp_url}/fields/v1/static/{build.fields.file}", headers=IDENTITY
    )
    assert "content-encoding" not in script.headers
    assert script.content == (build.directory / build.fields.file).read_bytes()
    assert "content-encoding" not in get_page(stack, headers=IDENTITY).headers


def test_a_hostile_locale_is_neither_echoed_nor_rendered(stack):
    hostile = '"><script>alert(1)</script>'
    response = get_page(stack, locale=hostile[:16])
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "alert" not in response.text and response.text.count("<script") == 1
    assert get_page(stack, locale="x" * 17).status_code == 400
