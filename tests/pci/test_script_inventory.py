"""The payment page's script inventory (PCI DSS 6.4.3), taken in Chromium from the demo checkout."""

import json

import pytest

from fincore.common.sdk_dist import load_build
from fincore.common.sri import digests
from fincore.merchant.tamper import tampered_page
from fincore.pci import build_inventory, load_config, stack_origins
from fincore.pci.capture import Document, PageCapture, Script
from fincore.pci.inventory import INTEGRITY_MISMATCH, NOT_ASSURED, NOT_LOADED, UNAUTHORISED

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def config(pci_stack):
    return load_config().with_origins(stack_origins(pci_stack.info))


@pytest.fixture(scope="module")
def inventory(capture_page, checkout_url, config):
    return build_inventory(capture_page(checkout_url), config)


def by_script(inventory, ending):
    return [entry for entry in inventory.entries if entry.script.endswith(ending)]


def test_every_script_of_the_checkout_and_its_card_fields_is_inventoried(inventory, pci_stack):
    build = load_build()
    frames = {entry.frame for entry in inventory.entries}
    psp = pci_stack.info.psp_url
    assert frames == {"page"} | {
        f"{psp}/fields/v1/{field}" for field in ("number", "expiry", "cvc")
    }
    [sdk] = by_script(inventory, f"/sdk/{build.version}/{build.sdk.file}")
    [own] = by_script(inventory, "/static/checkout.js")
    fields = by_script(inventory, f"/fields/v1/static/{build.fields.file}")
    assert len(inventory.entries) == 5 and len(fields) == 3
    # The hash of the bytes Chromium received is the one the build manifest published.
    assert sdk.sha384 == build.sdk.integrity == sdk.integrity
    assert {entry.sha384 for entry in fields} == {build.fields.integrity}
    assert sdk.origin == pci_stack.info.cdn_url and sdk.frame == "page"


def test_each_script_is_authorised_and_assured_by_sri_and_how_the_csp_admits_it(inventory):
    assert inventory.flagged == []
    assert all(entry.status == "allowed" and entry.sri == "valid" for entry in inventory.entries)
    [sdk] = by_script(inventory, "/fincore-1.0.0.js")
    assert sdk.assured_by == ("SRI", "CSP exact-url")
    [own] = by_script(inventory, "/static/checkout.js")
    assert (own.csp, own.assured_by) == ("self", ("SRI",))
    fields = by_script(inventory, "fincore-fields-1.0.0.js")
    assert {entry.assured_by for entry in fields} == {("SRI", "CSP nonce")}
    assert all(entry.owner and entry.justification for entry in inventory.entries)


def test_the_inventory_is_written_as_json_and_markdown(inventory, tmp_path):
    as_json, as_markdown = inventory.write(tmp_path)
    data = json.loads(as_json.read_text())
    assert data["summary"] == {"scripts": 5, "flagged": 0}
    assert [entry["script"] for entry in data["scripts"]] == [e.script for e in inventory.entries]
    markdown = as_markdown.read_text()
    assert markdown.count("| allowed |") == 5
    assert "FinCore SDK team" in markdown and inventory.summary() in markdown


def test_a_skimmer_the_csp_blocks_is_listed_and_flagged(capture_page, pci_stack, skimmer, config):
    with tampered_page(pci_stack.merchant_app, extra_scripts=[skimmer.url]):
        inventory = build_inventory(capture_page(f"{pci_stack.info.merchant_url}/"), config)
    [entry] = inventory.flagged
    assert entry.script == skimmer.url and entry.frame == "page"
    assert (entry.status, entry.csp, entry.sha384) == ("blocked by CSP", "blocked", None)
    # Not "not loaded": the status already says why it did not run.
    assert entry.flags == (UNAUTHORISED,)
    assert skimmer.requests == 0


def test_a_skimmer_admitted_by_a_loosened_csp_is_flagged_as_it_runs(
    capture_page, pci_stack, skimmer, config
):
    before = skimmer.requests
    with tampered_page(
        pci_stack.merchant_app, extra_scripts=[skimmer.url], extra_script_sources=[skimmer.origin]
    ):
        inventory = build_inventory(capture_page(f"{pci_stack.info.merchant_url}/"), config)
    [entry] = inventory.flagged
    assert (entry.script, entry.status, entry.csp) == (skimmer.url, "allowed", "host")
    assert entry.flags == (UNAUTHORISED, NOT_ASSURED)
    assert entry.sha384 is not None and skimmer.requests == before + 1


def capture_of(script: Script, policy: str) -> PageCapture:
    page = Document("page", "https://shop.example/", 200, {"content-security-policy": policy})
    return PageCapture("https://shop.example/", (page,), (script,))


def test_bytes_that_fail_their_integrity_attribute_are_flagged():
    served = tuple(digests(b"tampered").items())
    script = Script("page", "https://shop.example/static/checkout.js", "sha384-AAAA", "", served)
    config = load_config()
    [entry] = build_inventory(capture_of(script, "script-src 'self'"), config).entries
    assert (entry.status, entry.sri) == ("refused by SRI", "mismatch")
    assert entry.flags == (INTEGRITY_MISMATCH,)


def test_an_inline_script_is_named_by_its_hash_and_checked_against_the_policy():
    text = digests(b"window.a = 1")
    script = Script("page", "", digests=tuple(text.items()))
    allowed = capture_of(script, f"script-src 'sha384-{text['sha384']}'")
    [entry] = build_inventory(allowed, load_config()).entries
    assert entry.script == f"inline:sha384-{text['sha384']}"
    assert (entry.status, entry.assured_by) == ("allowed", ("CSP hash",))
    assert entry.flags == (UNAUTHORISED,)
    [blocked] = build_inventory(capture_of(script, "script-src 'self'"), load_config()).entries
    assert blocked.status == "blocked by CSP"


def test_an_authorised_script_that_did_not_arrive_is_flagged():
    script = Script("page", "https://shop.example/static/checkout.js", status=None)
    [entry] = build_inventory(capture_of(script, "script-src 'self'"), load_config()).entries
    assert (entry.status, entry.flags) == ("not loaded", (NOT_LOADED,))
