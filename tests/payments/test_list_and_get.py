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


def test_ending_before_walks_back_to_the_newest_payment_page_by_page(fresh):
    shopper, merchant, _ = fresh
    created = [merchant.pay(shopper.token_id()).body["id"] for _ in range(5)]
    # From the oldest of these five, walk towards the newest, two at a time.
    seen, cursor = [], created[0]
    while True:
        page = merchant.list(limit=2, ending_before=cursor).body
        assert page["object"] == "list"
        seen = [payment["id"] for payment in page["data"]] + seen
        if not page["has_more"]:
            break
        cursor = page["data"][0]["id"]
    assert seen == list(reversed(created[1:]))


def test_a_page_before_a_payment_is_newest_first_and_nearest_to_it(fresh):
    shopper, merchant, _ = fresh
    created = [merchant.pay(shopper.token_id()).body["id"] for _ in range(4)]
    page = merchant.list(limit=2, ending_before=created[0]).body
    assert [payment["id"] for payment in page["data"]] == [created[2], created[1]]
    assert page["has_more"] is True


def test_nothing_comes_before_the_newest_payment(fresh):
    shopper, merchant, _ = fresh
    newest = merchant.pay(shopper.token_id()).body["id"]
    page = merchant.list(ending_before=newest).body
    assert (page["data"], page["has_more"]) == ([], False)


def test_starting_after_and_ending_before_together_are_refused(fresh):
    shopper, merchant, _ = fresh
    payment = merchant.pay(shopper.token_id()).body["id"]
    response = merchant.list(starting_after=payment, ending_before=payment)
    assert response.status == 400
    assert response.error["code"] == "parameters_exclusive"
    assert response.error["param"] == "ending_before"


def test_a_foreign_ending_before_cursor_is_an_invalid_request(fresh):
    shopper, merchant, other = fresh
    payment = merchant.pay(shopper.token_id()).body["id"]
    response = other.list(ending_before=payment)
    assert response.status == 400
    assert (response.error["code"], response.error["param"]) == (
        "resource_missing",
        "ending_before",
    )


def test_an_unknown_list_parameter_is_refused_not_ignored(fresh):
    _, merchant, _ = fresh
    response = merchant.list(created_after=0)
    assert response.status == 400
    assert (response.error["code"], response.error["param"]) == (
        "parameter_unknown",
        "created_after",
    )
