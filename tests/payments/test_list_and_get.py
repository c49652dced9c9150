"""GET /v1/payments and /v1/payments/{id}: newest first, paginated, scoped to the caller."""

import pytest

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    with LocalStack(StackOptions(data_dir=tmp_path_factory.mktemp("listing"))) as stack:
        info = stack.info
        yield (
            PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key),
            PaymentsAPI(info.payments_url, info.merchants[0].secret_key),
            PaymentsAPI(info.payments_url, info.merchants[1].secret_key),
        )


def test_pages_walk_every_payment_newest_first_including_failures(fresh):
    shopper, merchant, _ = fresh
    created = []
    for number in ["4242424242424242", "4000000000000002", "5555555555554444"] * 2:
        response = merchant.pay(shopper.token_id(number))
        created.append(response.body.get("id") or response.error["payment"])
    seen, cursor = [], None
    while True:
        params = {"limit": 4, **({"starting_after": cursor} if cursor else {})}
        page = merchant.list(**params).body
        assert page["object"] == "list"
        seen += [payment["id"] for payment in page["data"]]
        if not page["has_more"]:
            break
        cursor = page["data"][-1]["id"]
    assert seen == list(reversed(created))


def test_another_merchants_payment_is_404(fresh):
    shopper, merchant, other = fresh
    payment = merchant.pay(shopper.token_id()).body
    assert merchant.get(payment["id"]).status == 200
    hidden = other.get(payment["id"])
    assert hidden.status == 404
    assert hidden.error["code"] == "resource_missing"
    assert payment["id"] not in [p["id"] for p in other.list(limit=100).body["data"]]


def test_a_foreign_cursor_is_an_invalid_request(fresh):
    shopper, merchant, other = fresh
    payment = merchant.pay(shopper.token_id()).body
    response = other.list(starting_after=payment["id"])
    assert response.status == 400
    assert response.error["param"] == "starting_after"


@pytest.mark.parametrize("limit", [0, 101, "many"])
def test_limits_outside_1_to_100_are_refused(fresh, limit):
    _, merchant, _ = fresh
    response = merchant.list(limit=limit)
    assert response.status == 400
    assert response.error["param"] == "limit"
