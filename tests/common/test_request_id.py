"""``Request-Id`` on every answer of every service, in the request log too; a caller's own id is
echoed only when it is a short plain token, never header text, markup or a card number."""

import httpx
import pytest

from fincore.cards.test_cards import VISA_PAN

SERVICE_PATHS = {
    "payments_url": "/healthz",
    "psp_url": "/healthz",
    "merchant_url": "/",
    "cdn_url": "/healthz",
}


def get(stack, service: str, path: str | None = None, **headers: str | bytes) -> httpx.Response:
    return httpx.get(
        getattr(stack.info, service) + (path or SERVICE_PATHS[service]), headers=headers
    )


@pytest.mark.parametrize("service", sorted(SERVICE_PATHS))
def test_every_service_answers_with_a_new_request_id_each_time(stack, service):
    first, second = get(stack, service), get(stack, service)
    assert first.status_code == second.status_code == 200
    assert first.headers["Request-Id"].startswith("req_")
    assert first.headers["Request-Id"] != second.headers["Request-Id"]


@pytest.mark.parametrize("service", sorted(SERVICE_PATHS))
def test_errors_and_unknown_routes_carry_a_request_id_too(stack, service):
    response = get(stack, service, "/no/such/route")
    assert response.status_code == 404
    assert response.headers["Request-Id"].startswith("req_")


def test_a_body_refused_by_the_frame_carries_a_request_id(stack, merchant):
    response = merchant._http.post("/v1/payments", content=b"x" * 2_000_000)
    assert response.status_code == 413
    assert response.headers["Request-Id"].startswith("req_")


def test_the_callers_own_plain_request_id_is_echoed_and_logged(stack, merchant):
    response = merchant._http.get("/v1/payments", headers={"Request-Id": "order-77_retry-2"})
    assert response.headers["Request-Id"] == "order-77_retry-2"
    line = stack.payments_state.log.records()[-1]
    assert (line["request_id"], line["path"]) == ("order-77_retry-2", "/v1/payments")


def test_the_log_line_names_the_generated_id_the_answer_carried(stack, merchant):
    response = merchant._http.get("/v1/payments")
    assert stack.payments_state.log.records()[-1]["request_id"] == response.headers["Request-Id"]


@pytest.mark.parametrize(
    "sent",
    [
        VISA_PAN,
        "4242-4242-4242-4242",
        "ref4242424242424242",
        "<script>alert(1)</script>",
        "a b",
        "x" * 65,
        "id;Set-Cookie:session=1",
        "caf\u00e9",
    ],
    ids=["pan", "dashed-pan", "glued-pan", "markup", "space", "too-long", "header-text", "latin1"],
)
@pytest.mark.parametrize("service", ["payments_url", "psp_url"])
def test_an_unsafe_request_id_is_replaced_never_reflected(stack, service, sent):
    response = get(stack, service, **{"Request-Id": sent.encode("latin-1")})
    assert response.headers["Request-Id"].startswith("req_")
    assert sent not in response.text and sent not in str(response.headers)
