"""GET /v1/events and /v1/events/{id}: newest first, paged like payments, scoped to the caller."""

import pytest

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions

DECLINED_PAN = "4000000000000002"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    with LocalStack(StackOptions(data_dir=tmp_path_factory.mktemp("events"))) as stack:
        info = stack.info
        shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
        merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
        other = PaymentsAPI(info.payments_url, info.merchants[1].secret_key)
        payments = []
        for number in ["4242424242424242", DECLINED_PAN, "5555555555554444"] * 2:
            response = merchant.pay(shopper.token_id(number))
            payments.append(response.body.get("id") or response.error["payment"])
        yield merchant, other, payments


def walk(merchant: PaymentsAPI, limit: int, **filters) -> list[dict]:
    seen, cursor = [], None
    while True:
        params = {"limit": limit, **filters, **({"starting_after": cursor} if cursor else {})}
        page = merchant.events(**params).body
        assert (page["object"], page["url"]) == ("list", "/v1/events")
        seen += page["data"]
        if not page["has_more"]:
            return seen
        cursor = page["data"][-1]["id"]


def test_pages_walk_every_event_newest_first(fresh):
    merchant, _, payments = fresh
    seen = walk(merchant, limit=4)
    assert [event["data"]["object"]["id"] for event in seen] == list(reversed(payments))
    expected = ["payment.succeeded", "payment.failed", "payment.succeeded"] * 2
    assert [event["type"] for event in seen] == expected


def test_ending_before_pages_towards_newer_events(fresh):
    merchant, _, payments = fresh
    oldest_first = list(reversed(walk(merchant, limit=100)))
    page = merchant.events(limit=2, ending_before=oldest_first[0]["id"]).body
    assert [event["id"] for event in page["data"]] == [e["id"] for e in oldest_first[1:3]][::-1]
    assert page["has_more"] is True


def test_the_type_filter_keeps_one_type(fresh):
    merchant, _, payments = fresh
    failed = walk(merchant, limit=1, type="payment.failed")
    assert [event["type"] for event in failed] == ["payment.failed"] * 2
    assert [event["data"]["object"]["id"] for event in failed] == [payments[4], payments[1]]


def test_an_event_is_retrieved_with_the_object_as_it_was(fresh):
    merchant, _, payments = fresh
    newest = merchant.events(limit=1).body["data"][0]
    response = merchant.event(newest["id"])
    assert response.status == 200
    assert response.body == newest
    assert response.body["object"] == "event"
    assert response.body["data"]["object"] == merchant.get(payments[-1]).body


def test_another_merchants_events_are_invisible(fresh):
    merchant, other, _ = fresh
    event_id = merchant.events(limit=1).body["data"][0]["id"]
    hidden = other.event(event_id)
    assert (hidden.status, hidden.error["code"], hidden.error["param"]) == (
        404,
        "resource_missing",
        "id",
    )
    assert other.events().body["data"] == []
    foreign_cursor = other.events(starting_after=event_id)
    assert (foreign_cursor.status, foreign_cursor.error["param"]) == (400, "starting_after")


@pytest.mark.parametrize(
    ("params", "code", "param"),
    [
        ({"type": "payment.exploded"}, "event_type_unknown", "type"),
        ({"limit": 0}, None, "limit"),
        ({"limit": 101}, None, "limit"),
        ({"starting_after": "evt_a", "ending_before": "evt_b"}, "parameters_exclusive", None),
        ({"colour": "red"}, "parameter_unknown", "colour"),
    ],
)
def test_bad_list_parameters_are_refused_with_the_documented_error(fresh, params, code, param):
    merchant, _, _ = fresh
    response = merchant.events(**params)
    assert response.status == 400
    assert set(response.error) >= {"type", "code", "message", "param"}
    if code is not None:
        assert response.error["code"] == code
    if param is not None:
        assert response.error["param"] == param
