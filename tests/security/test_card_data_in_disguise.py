"""Card numbers where the raw card data guard did not look at first: JSON escapes, the URL path,
the Idempotency-Key. Each is refused, and nothing any service wrote holds the number."""

import httpx
import pytest

from fincore.cards.card_scan import holds_card
from fincore.cards.test_cards import AMEX_PAN, VISA_PAN
from fincore.common.request_log import WITHHELD_PATH
from fincore.tripwire import scan_tree

JSON = {"Content-Type": "application/json"}


def escaped(text: str) -> str:
    """Every character as a JSON \\u escape: what a JSON parser turns back into ``text``."""
    return "".join(f"\\u{ord(char):04x}" for char in text)


def assert_refused(response):
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "raw_card_data_rejected"


@pytest.mark.parametrize("number", [VISA_PAN, "3782-822463-10005"])
def test_a_json_escaped_card_number_is_refused(merchant, shopper, number):
    body = f'{{"token": "{shopper.token_id()}", "amount": 100, "currency": "usd", '
    body += f'"description": "{escaped(number)}"}}'
    assert_refused(merchant._http.post("/v1/payments", content=body.encode(), headers=JSON))


@pytest.mark.parametrize("path", [VISA_PAN, "4242%204242%204242%204242", "4242-4242-4242-4242"])
def test_a_card_number_in_the_path_is_refused(merchant, path):
    assert_refused(merchant._http.get(f"/v1/payments/{path}"))


def test_a_card_number_as_idempotency_key_is_refused(merchant, shopper):
    response = merchant._http.post(
        "/v1/payments",
        json={"token": shopper.token_id(), "amount": 100, "currency": "usd"},
        headers={"Idempotency-Key": f"order-{AMEX_PAN}"},
    )
    assert_refused(response)


def test_request_logs_withhold_a_path_that_holds_a_card_number(stack, merchant):
    merchant._http.get(f"/v1/payments/{VISA_PAN}")
    response = httpx.get(
        f"{stack.info.psp_url}/v1/charges/{AMEX_PAN}",
        headers={"Authorization": f"Bearer {stack.info.platform_key}"},
    )
    assert response.status_code == 404
    for state in (stack.payments_state, stack.psp_state):
        paths = [record["path"] for record in state.log.records()]
        assert paths[-1] == WITHHELD_PATH
        assert not [path for path in paths if holds_card(path)]


def test_nothing_the_services_wrote_holds_a_card_number(stack):
    # Runs last in this module: every disguise above has been tried on this stack.
    for service in ("payments", "psp"):
        folder = stack.info.data_dir / service
        assert (folder / "requests.log").stat().st_size > 0
        assert scan_tree(folder) == []
