"""/v1/webhook_endpoints: the secret is shown once, endpoints are the caller's own, and a URL or
event type that cannot be served is refused with the documented error."""

import httpx
import pytest

from fincore.lab.stack import LocalStack, StackOptions


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with LocalStack(StackOptions(data_dir=tmp_path_factory.mktemp("endpoints"))) as stack:
        info = stack.info

        def client(n: int) -> httpx.Client:
            headers = {"Authorization": f"Bearer {info.merchants[n].secret_key}"}
            return httpx.Client(base_url=info.payments_url, headers=headers)

        with client(0) as merchant, client(1) as other:
            yield merchant, other


VALID = {"url": "http://127.0.0.1:9/hook", "enabled_events": ["payment.succeeded"]}


def test_the_secret_is_answered_at_creation_only(api):
    merchant, _ = api
    created = merchant.post("/v1/webhook_endpoints", json={**VALID, "description": "orders"})
    assert created.status_code == 201
    endpoint = created.json()
    assert endpoint["secret"].startswith("whsec_") and len(endpoint["secret"]) > 40
    assert (endpoint["object"], endpoint["status"], endpoint["description"]) == (
        "webhook_endpoint",
        "enabled",
        "orders",
    )
    fetched = merchant.get(f"/v1/webhook_endpoints/{endpoint['id']}").json()
    assert "secret" not in fetched
    assert fetched == {k: v for k, v in endpoint.items() if k != "secret"}
    listed = merchant.get("/v1/webhook_endpoints").json()
    assert endpoint["id"] in [e["id"] for e in listed["data"]]
    assert all("secret" not in e for e in listed["data"])


def test_another_merchant_can_neither_see_nor_delete_an_endpoint(api):
    merchant, other = api
    endpoint = merchant.post("/v1/webhook_endpoints", json=VALID).json()
    assert other.get(f"/v1/webhook_endpoints/{endpoint['id']}").status_code == 404
    assert other.delete(f"/v1/webhook_endpoints/{endpoint['id']}").status_code == 404
    assert endpoint["id"] not in [
        e["id"] for e in other.get("/v1/webhook_endpoints").json()["data"]
    ]
    assert merchant.get(f"/v1/webhook_endpoints/{endpoint['id']}").status_code == 200


def test_a_deleted_endpoint_is_gone(api):
    merchant, _ = api
    endpoint = merchant.post("/v1/webhook_endpoints", json=VALID).json()
    deleted = merchant.delete(f"/v1/webhook_endpoints/{endpoint['id']}")
    assert deleted.json() == {"id": endpoint["id"], "object": "webhook_endpoint", "deleted": True}
    assert merchant.get(f"/v1/webhook_endpoints/{endpoint['id']}").status_code == 404
    assert merchant.delete(f"/v1/webhook_endpoints/{endpoint['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        ({**VALID, "enabled_events": ["payment.exploded"]}, "event_type_unknown", "enabled_events"),
        ({**VALID, "enabled_events": []}, None, "enabled_events"),
        ({**VALID, "url": "https://169.254.169.254/latest"}, "webhook_url_forbidden", "url"),
        ({**VALID, "url": "http://10.1.2.3/hook"}, "webhook_url_forbidden", "url"),
        ({**VALID, "url": "http://example.com/hook"}, "webhook_url_forbidden", "url"),
        ({**VALID, "url": "ftp://example.com/hook"}, "webhook_url_invalid", "url"),
        ({**VALID, "colour": "red"}, "parameter_unknown", "colour"),
        ({"enabled_events": ["*"]}, "parameter_missing", "url"),
    ],
)
def test_bad_endpoints_are_refused_with_the_documented_error(api, body, code, param):
    merchant, _ = api
    refused = merchant.post("/v1/webhook_endpoints", json=body)
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert set(error) >= {"type", "code", "message", "param"}
    assert error["param"] == param
    if code is not None:
        assert error["code"] == code


def test_a_merchant_cannot_fan_out_to_more_than_the_endpoint_limit(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path)) as stack:
        key = stack.info.merchants[1].secret_key
        with httpx.Client(
            base_url=stack.info.payments_url, headers={"Authorization": f"Bearer {key}"}
        ) as client:
            answers = [client.post("/v1/webhook_endpoints", json=VALID) for _ in range(17)]
    assert [a.status_code for a in answers] == [201] * 16 + [400]
    assert answers[-1].json()["error"]["code"] == "webhook_endpoint_limit_reached"
