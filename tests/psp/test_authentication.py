"""3-D Secure at the PSP: which cards authenticate how, the challenge page, its single-use
answers and its expiry."""

import re

import httpx
import pytest

from fincore.cards.test_cards import (
    THREE_DS_CHALLENGE_PAN,
    THREE_DS_FRICTIONLESS_PAN,
    THREE_DS_UNAVAILABLE_PAN,
)

CHANNEL = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def psp(stack):
    client = httpx.Client(
        base_url=stack.info.psp_url, headers={"Authorization": f"Bearer {stack.info.platform_key}"}
    )
    yield client
    client.close()


def charge(psp, token, merchant, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    body = {"token": token, "merchant": merchant, "amount": 1999, "currency": "eur"}
    return psp.post("/v1/charges", json=body, headers=headers)


def challenged(stack, shopper, psp, key=None):
    token = shopper.token_id(THREE_DS_CHALLENGE_PAN)
    response = charge(psp, token, stack.info.merchants[0].id, key)
    assert response.status_code == 202
    return response.json()


def open_challenge(stack, charge_body, origin=None):
    origin = origin or stack.info.merchant_url
    return httpx.get(charge_body["next_action"]["url"], params={"origin": origin})


def answer(stack, charge_body, result, nonce=None, charge_id=None):
    found = nonce or re.search(
        r'name="nonce" value="([0-9a-f]+)"', open_challenge(stack, charge_body).text
    ).group(1)
    url = f"{stack.info.psp_url}/3ds/v1/charges/{charge_id or charge_body['id']}/challenge"
    form = {"result": result, "nonce": found, "origin": stack.info.merchant_url}
    return httpx.post(url, data={**form, "channel": CHANNEL})


def test_a_frictionless_card_succeeds_at_once_with_its_authentication_visible(stack, shopper, psp):
    token = shopper.token_id(THREE_DS_FRICTIONLESS_PAN)
    response = charge(psp, token, stack.info.merchants[0].id)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "succeeded"
    assert body["next_action"] is None
    secure = body["three_d_secure"]
    assert secure["flow"] == "frictionless"
    assert (secure["status"], secure["liability_shift"]) == ("succeeded", True)
    assert secure["id"].startswith("3ds_")


def test_an_unavailable_card_proceeds_without_a_liability_shift(stack, shopper, psp):
    token = shopper.token_id(THREE_DS_UNAVAILABLE_PAN)
    body = charge(psp, token, stack.info.merchants[0].id).json()
    assert body["status"] == "succeeded"
    assert body["three_d_secure"]["status"] == "unavailable"
    assert body["three_d_secure"]["liability_shift"] is False


def test_a_challenge_card_requires_action_with_the_psps_challenge_url(stack, shopper, psp):
    body = challenged(stack, shopper, psp)
    assert body["status"] == "requires_action"
    assert body["three_d_secure"]["status"] == "pending"
    assert body["next_action"] == {
        "type": "three_d_secure",
        "url": f"{stack.info.psp_url}/3ds/v1/charges/{body['id']}/challenge",
    }
    # The lookup the Payment Service resolves with says the same.
    found = psp.get(f"/v1/charges/{body['id']}").json()
    assert found["status"] == "requires_action"
    assert found["next_action"] == body["next_action"]


def test_a_replayed_charge_request_answers_the_same_requires_action(stack, shopper, psp):
    token = shopper.token_id(THREE_DS_CHALLENGE_PAN)
    merchant = stack.info.merchants[0].id
    first = charge(psp, token, merchant, key="3ds-replay")
    again = charge(psp, token, merchant, key="3ds-replay")
    assert again.status_code == first.status_code == 202
    assert again.json() == first.json()


def test_the_challenge_page_shows_the_payment_and_may_be_framed_only_by_the_merchant(
    stack, shopper, psp
):
    body = challenged(stack, shopper, psp)
    page = open_challenge(stack, body)
    assert page.status_code == 200
    assert "19.99 EUR" in page.text
    assert stack.info.merchants[0].name in page.text
    assert 'value="approve"' in page.text and 'value="fail"' in page.text
    policy = page.headers["content-security-policy"]
    assert f"frame-ancestors {stack.info.merchant_url}" in policy


def test_the_challenge_page_is_refused_to_an_unregistered_origin(stack, shopper, psp):
    body = challenged(stack, shopper, psp)
    refused = open_challenge(stack, body, origin="https://phish.example")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "origin_not_allowed"
    assert "frame-ancestors 'none'" in refused.headers["content-security-policy"]


def test_approving_completes_the_charge_and_tells_the_framing_origin(stack, shopper, psp):
    body = challenged(stack, shopper, psp)
    result = answer(stack, body, "approve")
    assert result.status_code == 200
    assert '"status": "succeeded"' in result.text
    assert f'"channel": "{CHANNEL}"' in result.text
    assert "postMessage(message, origin)" in result.text
    charge_now = psp.get(f"/v1/charges/{body['id']}").json()
    assert charge_now["status"] == "succeeded"
    assert charge_now["three_d_secure"]["status"] == "succeeded"
    assert charge_now["next_action"] is None


def test_failing_the_challenge_fails_the_charge(stack, shopper, psp):
    body = challenged(stack, shopper, psp)
    assert '"status": "failed"' in answer(stack, body, "fail").text
    charge_now = psp.get(f"/v1/charges/{body['id']}").json()
    assert charge_now["status"] == "failed"
    assert charge_now["decline_code"] == "authentication_failed"
    assert charge_now["three_d_secure"]["status"] == "failed"


def test_a_replayed_answer_changes_nothing(stack, shopper, psp):
    body = challenged(stack, shopper, psp)
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', open_challenge(stack, body).text)
    answer(stack, body, "fail")
    replayed = answer(stack, body, "approve", nonce=nonce.group(1))
    assert replayed.status_code == 200
    assert '"status": "failed"' in replayed.text
    assert psp.get(f"/v1/charges/{body['id']}").json()["status"] == "failed"


def test_an_answer_forged_for_another_session_is_refused(stack, shopper, psp):
    mine, other = challenged(stack, shopper, psp), challenged(stack, shopper, psp)
    my_nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', open_challenge(stack, mine).text)
    forged = answer(stack, mine, "approve", nonce=my_nonce.group(1), charge_id=other["id"])
    assert forged.status_code == 403
    assert forged.json()["error"]["code"] == "authentication_result_invalid"
    assert psp.get(f"/v1/charges/{other['id']}").json()["status"] == "requires_action"


@pytest.mark.parametrize(
    ("form", "param"),
    [
        ({"result": "maybe"}, "result"),
        ({"result": "approve", "channel": "x"}, "channel"),
    ],
)
def test_a_malformed_answer_gets_a_clear_error(stack, shopper, psp, form, param):
    body = challenged(stack, shopper, psp)
    url = f"{stack.info.psp_url}/3ds/v1/charges/{body['id']}/challenge"
    response = httpx.post(url, data={"channel": CHANNEL, **form, "origin": stack.info.merchant_url})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


def test_an_answer_that_is_not_a_form_is_refused(stack, shopper, psp):
    body = challenged(stack, shopper, psp)
    url = f"{stack.info.psp_url}/3ds/v1/charges/{body['id']}/challenge"
    response = httpx.post(url, json={"result": "approve"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "authentication_result_invalid"


def test_a_charge_without_authentication_has_no_challenge(stack, shopper, psp):
    token = shopper.token_id()
    ordinary = charge(psp, token, stack.info.merchants[0].id).json()
    url = f"{stack.info.psp_url}/3ds/v1/charges/{ordinary['id']}/challenge"
    response = httpx.get(url, params={"origin": stack.info.merchant_url})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "resource_missing"
