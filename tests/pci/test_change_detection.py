"""Change and tamper detection of what the browser receives (PCI DSS 11.6.1), in Chromium."""

import copy

import pytest

from fincore.merchant.tamper import tampered_page
from fincore.pci import compare, format_changes, snapshot
from fincore.pci.baseline import TRACKED_HEADERS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def baseline(capture_page, checkout_url):
    return snapshot(capture_page(checkout_url))


def test_an_untouched_page_reports_no_change(baseline, capture_page, checkout_url):
    current = snapshot(capture_page(checkout_url))
    assert compare(baseline, current) == []
    assert format_changes([]).startswith("No change")
    # The two loads did differ in their per-response nonces: masking is what made them equal.
    policies = [d["headers"]["content-security-policy"] for d in baseline["documents"].values()]
    assert sum("'nonce-(per response)'" in policy for policy in policies) == 3


def test_the_baseline_holds_the_headers_and_scripts_of_the_page_and_each_frame(baseline):
    page = baseline["documents"]["page"]["headers"]
    assert set(page) == set(TRACKED_HEADERS)
    assert "script-src 'self'" in page["content-security-policy"]
    assert page["referrer-policy"] == "strict-origin-when-cross-origin"
    assert page["x-content-type-options"] == "nosniff"
    assert len(baseline["documents"]) == 4
    frames = [d for name, d in baseline["documents"].items() if name != "page"]
    assert all(
        "frame-ancestors http://127.0.0.1:" in d["headers"]["content-security-policy"]
        for d in frames
    )
    assert len(baseline["scripts"]) == 5
    assert all(s["sha384"].startswith("sha384-") for s in baseline["scripts"])


def test_an_extra_skimmer_script_is_reported(baseline, capture_page, pci_stack, skimmer):
    with tampered_page(pci_stack.merchant_app, extra_scripts=[skimmer.url]):
        changes = compare(baseline, snapshot(capture_page(f"{pci_stack.info.merchant_url}/")))
    assert [str(change) for change in changes] == [
        f"page: script {skimmer.url}: added (nothing received)"
    ]


def test_a_loosened_csp_is_reported_directive_by_directive(
    baseline, capture_page, pci_stack, skimmer
):
    loosened = [skimmer.origin, "'unsafe-inline'"]
    with tampered_page(pci_stack.merchant_app, extra_script_sources=loosened):
        changes = compare(baseline, snapshot(capture_page(f"{pci_stack.info.merchant_url}/")))
    assert [str(change) for change in changes] == [
        f"page: header content-security-policy: script-src: added {skimmer.origin} 'unsafe-inline'"
    ]


def test_a_skimmer_with_a_csp_loosened_for_it_is_reported_with_the_hash_received(
    baseline, capture_page, pci_stack, skimmer
):
    with tampered_page(
        pci_stack.merchant_app, extra_scripts=[skimmer.url], extra_script_sources=[skimmer.origin]
    ):
        changes = compare(baseline, snapshot(capture_page(f"{pci_stack.info.merchant_url}/")))
    report = format_changes(changes)
    assert report.startswith("2 change(s) since the baseline:")
    assert f"script-src: added {skimmer.origin}" in report
    assert f"script {skimmer.url}: added (sha384-" in report


def test_removed_headers_swapped_bytes_and_dropped_integrity_are_reported(baseline):
    tampered = copy.deepcopy(baseline)
    page = tampered["documents"]["page"]
    page["headers"]["x-content-type-options"] = None
    page["headers"]["x-frame-options"] = "ALLOWALL"
    tampered["scripts"][0]["sha384"] = "sha384-other"
    tampered["scripts"][1]["integrity"] = ""
    frame = next(name for name in tampered["documents"] if name != "page")
    del tampered["documents"][frame]
    lines = [str(change) for change in compare(baseline, tampered)]
    first, second = baseline["scripts"][0], baseline["scripts"][1]
    assert lines == [
        f"{frame}: frame: removed",
        "page: header x-frame-options: added: ALLOWALL",
        "page: header x-content-type-options: removed (was: nosniff)",
        f"{first['frame']}: script {first['script']}: other bytes: "
        f"{first['sha384']} -> sha384-other",
        f"{second['frame']}: script {second['script']}: integrity attribute: "
        f"{second['integrity']} -> none",
    ]
