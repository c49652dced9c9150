"""The security notebook's attacks, run with the async API as the notebook runs them."""

import asyncio

import httpx
import pytest

from fincore.lab.shopper import shopper_session
from fincore.pci.inventory import Entry, Inventory
from fincore.walkthrough.attacks import (
    Site,
    field_url,
    flip_one_byte,
    forge_messages,
    frame_field,
    inventory_table,
    tamper_sdk,
)

browser = pytest.mark.browser


@browser
def test_the_attacks_are_each_refused_by_the_browser_or_the_sdk(stack):
    async def attack():
        async with shopper_session() as chromium:
            with Site("foreign-site") as foreign:
                forged = await forge_messages(chromium, stack, foreign)
                src = field_url(stack, stack.info.merchant_url)
                framed = await frame_field(chromium, foreign, src)
            return forged, framed, await tamper_sdk(chromium, stack)

    forged, framed, blocked = asyncio.run(attack())
    assert forged.ignored and [s for _, s in forged.arrived] == ["foreign site", "PSP"]
    assert all(did == "ignored it" for _, _, did in forged.rows())
    assert not framed.rendered and framed.refusals
    assert blocked.bytes_changed == 1 and blocked.sdk_state == "blocked"
    assert not blocked.sdk_ran and blocked.pay_disabled and blocked.psp_requests == 0
    assert blocked.integrity_errors


def test_a_registered_origin_would_get_the_field(stack):
    response = httpx.get(field_url(stack, stack.info.merchant_url or ""))
    assert response.status_code == 200
    assert (
        f"frame-ancestors {stack.info.merchant_url}" in response.headers["content-security-policy"]
    )


def test_a_site_serves_only_the_pages_it_was_given():
    with Site("site") as site:
        url = site.serve("/page", "<p>hi</p>")
        assert httpx.get(url).text == "<p>hi</p>"
        assert httpx.get(f"{site.origin}/other").status_code == 404


def test_flipping_one_byte_changes_exactly_one_byte():
    body = b"/*! fincore.js v1 */ code"
    changed = flip_one_byte(body)
    assert len(changed) == len(body)
    assert sum(a != b for a, b in zip(body, changed, strict=True)) == 1


def test_the_inventory_table_has_a_row_per_script_and_names_its_flags():
    entry = Entry(
        frame="page",
        script="http://127.0.0.1:1/skimmer.js",
        origin="http://127.0.0.1:1",
        status="allowed",
        integrity="",
        sri="absent",
        sha384=None,
        csp="host",
        assured_by=(),
        owner="",
        justification="",
        flags=("unauthorised", "not integrity-assured"),
    )
    table = inventory_table(Inventory("http://127.0.0.1:2/", "now", (entry,)))
    assert table.column("flags") == ["unauthorised, not integrity-assured"]
    assert table.column("owner") == ["-"]
