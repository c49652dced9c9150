"""An abandoned 3-D Secure challenge fails its charge once its time is up."""

import httpx

from fincore.cards.test_cards import THREE_DS_CHALLENGE_PAN
from fincore.lab.clients import PSPBrowserAPI


def test_an_abandoned_challenge_fails_the_charge_when_it_expires(clocked_stack, clock):
    info = clocked_stack.info
    shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
    token = shopper.token_id(THREE_DS_CHALLENGE_PAN)
    shopper.close()
    psp = httpx.Client(
        base_url=info.psp_url, headers={"Authorization": f"Bearer {info.platform_key}"}
    )
    body = {"token": token, "merchant": info.merchants[0].id, "amount": 500, "currency": "usd"}
    created = psp.post("/v1/charges", json=body).json()
    ttl = clocked_stack.psp_state.settings.three_ds_ttl_seconds
    clock.advance(ttl - 1)
    assert psp.get(f"/v1/charges/{created['id']}").json()["status"] == "requires_action"
    clock.advance(1)
    expired = psp.get(f"/v1/charges/{created['id']}").json()
    psp.close()
    assert expired["status"] == "failed"
    assert expired["decline_code"] == "authentication_expired"
    assert expired["three_d_secure"]["status"] == "expired"
    # A late answer cannot revive it.
    page = httpx.get(
        f"{info.psp_url}/3ds/v1/charges/{created['id']}/challenge",
        params={"origin": info.merchant_url},
    )
    assert '"status": "failed"' in page.text
    assert 'value="approve"' not in page.text
