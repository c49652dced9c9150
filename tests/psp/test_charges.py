"""POST /v1/charges: the PSP side of step 10, driven by the well-known test cards."""

import concurrent.futures

import httpx
import pytest

from fincore.cards.test_cards import TEST_CARDS, VISA_PAN


@pytest.fixture
def psp(stack):
    client = httpx.Client(
        base_url=stack.info.psp_url, headers={"Authorization": f"Bearer {stack.info.platform_key}"}
    )
    yield client
    client.close()


def charge(psp, token, merchant, key=None, amount=500):
    headers = {"Idempotency-Key": key} if key else {}
    body = {"token": token, "merchant": merchant, "amount": amount, "currency": "usd"}
    return psp.post("/v1/charges", json=body, headers=headers)


@pytest.mark.parametrize("card", TEST_CARDS, ids=lambda card: card.number)
def test_each_test_card_has_its_scripted_outcome(stack, shopper, psp, card):
    cvc = "1234" if card.brand == "amex" else "123"
    token = shopper.token_id(card.number, cvc=cvc)
    response = charge(psp, token, stack.info.merchants[0].id)
    if card.decline_code is None:
        assert response.status_code == 201
        assert response.json()["status"] == "succeeded"
        assert response.json()["card"]["last4"] == card.number[-4:]
    else:
        assert response.status_code == 402
        error = response.json()["error"]
        assert error["type"] == "card_error"
        assert error["code"] == card.error_code
        assert error["decline_code"] == card.decline_code
        assert error["charge"].startswith("ch_")


def test_a_token_is_single_use(stack, shopper, psp):
    token = shopper.token_id()
    merchant = stack.info.merchants[0].id
    assert charge(psp, token, merchant).status_code == 201
    second = charge(psp, token, merchant)
    assert second.status_code == 400
    assert second.json()["error"]["code"] == "token_already_used"


def test_an_unknown_token_is_not_found(stack, psp):
    response = charge(psp, "tok_0000", stack.info.merchants[0].id)
    assert response.json()["error"]["code"] == "token_not_found"


def test_another_merchants_token_looks_unknown_and_stays_usable(stack, shopper, psp):
    token = shopper.token_id()
    first, second = stack.info.merchants
    refused = charge(psp, token, second.id)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "token_not_found"
    assert charge(psp, token, first.id).status_code == 201


def test_a_repeated_idempotency_key_replays_and_a_changed_body_is_refused(stack, shopper, psp):
    token = shopper.token_id()
    merchant = stack.info.merchants[0].id
    first = charge(psp, token, merchant, key="psp-key-1")
    replay = charge(psp, token, merchant, key="psp-key-1")
    assert replay.status_code == first.status_code == 201
    assert replay.json() == first.json()
    changed = charge(psp, token, merchant, key="psp-key-1", amount=999)
    assert changed.status_code == 422
    assert changed.json()["error"]["type"] == "idempotency_error"


def test_a_charge_is_found_by_id_and_by_idempotency_key(stack, shopper, psp):
    token = shopper.token_id()
    created = charge(psp, token, stack.info.merchants[0].id, key="lookup-key").json()
    assert psp.get(f"/v1/charges/{created['id']}").json() == created
    listed = psp.get("/v1/charges", params={"idempotency_key": "lookup-key"}).json()
    assert listed["data"] == [created]
    assert psp.get("/v1/charges", params={"idempotency_key": "never-used"}).json()["data"] == []
    assert psp.get("/v1/charges/ch_missing").status_code == 404


def test_twenty_concurrent_charges_of_one_token_succeed_once(stack, shopper, psp):
    token = shopper.token_id()
    merchant = stack.info.merchants[0].id
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(lambda _: charge(psp, token, merchant).status_code, range(20)))
    assert statuses.count(201) == 1
    assert statuses.count(400) == 19


def test_an_unknown_currency_is_refused_without_using_the_token(stack, shopper, psp):
    token = shopper.token_id()
    body = {"token": token, "merchant": stack.info.merchants[0].id, "amount": 100}
    refused = psp.post("/v1/charges", json={**body, "currency": "zzz"})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "currency_invalid"
    assert psp.post("/v1/charges", json={**body, "currency": "eur"}).status_code == 201


def test_charging_needs_the_platform_key(stack, shopper):
    token = shopper.token_id()
    body = {
        "token": token,
        "merchant": stack.info.merchants[0].id,
        "amount": 100,
        "currency": "usd",
    }
    url = f"{stack.info.psp_url}/v1/charges"
    publishable = httpx.post(
        url,
        json=body,
        headers={"Authorization": f"Bearer {stack.info.merchants[0].publishable_key}"},
    )
    assert publishable.status_code == 401
    assert publishable.json()["error"]["code"] == "secret_key_required"
    merchant_secret = httpx.post(
        url, json=body, headers={"Authorization": f"Bearer {stack.info.merchants[0].secret_key}"}
    )
    assert merchant_secret.status_code == 401
    assert merchant_secret.json()["error"]["code"] == "api_key_invalid"


@pytest.mark.parametrize(
    "raw_body", [b'{"amount": 1, "amount": 2}', b"not json", b'{"token": 5}'], ids=str
)
def test_a_charge_body_is_judged_only_after_the_platform_key(stack, psp, raw_body):
    url = f"{stack.info.psp_url}/v1/charges"
    json_type = {"Content-Type": "application/json"}
    anonymous = httpx.post(url, content=raw_body, headers=json_type)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "api_key_missing"
    platform = psp.post("/v1/charges", content=raw_body, headers=json_type)
    assert platform.status_code == 400


def test_the_pan_is_encrypted_at_rest_and_wiped_after_use(stack, shopper, psp):
    token = shopper.token_id(VISA_PAN)
    database = (stack.info.data_dir / "psp" / "psp.db").read_bytes()
    assert VISA_PAN.encode() not in database
    from sqlalchemy import select

    from fincore.psp.db import tokens

    engine = stack.psp_state.engine
    with engine.connect() as connection:
        sealed = connection.execute(
            select(tokens.c.encrypted_pan).where(tokens.c.id == token)
        ).scalar()
    assert sealed is not None and stack.psp_state.vault.open(sealed) == VISA_PAN
    charge(psp, token, stack.info.merchants[0].id)
    with engine.connect() as connection:
        wiped = connection.execute(
            select(tokens.c.encrypted_pan).where(tokens.c.id == token)
        ).scalar()
    assert wiped is None
