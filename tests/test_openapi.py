"""The OpenAPI documents are complete: later issues fuzz against them."""

import httpx
import pytest


@pytest.mark.parametrize("service", ["psp_url", "payments_url"])
def test_every_operation_documents_its_errors_with_the_error_object(stack, service):
    document = httpx.get(f"{getattr(stack.info, service)}/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert set(schemas["ErrorDetail"]["properties"]) >= {"type", "code", "message", "param"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path == "/healthz":
                continue
            responses = operation["responses"]
            errors = [code for code in responses if code.startswith(("4", "5"))]
            assert "401" in errors, f"{method.upper()} {path} does not document 401"
            for code in errors:
                ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorResponse"), f"{method.upper()} {path} {code}"


def test_the_payment_endpoint_documents_pending_and_decline(stack):
    document = httpx.get(f"{stack.info.payments_url}/openapi.json").json()
    responses = document["paths"]["/v1/payments"]["post"]["responses"]
    assert {"201", "202", "400", "401", "402", "409", "422"} <= set(responses)


def document_of(stack, service: str) -> dict:
    return httpx.get(f"{getattr(stack.info, service)}/openapi.json").json()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


STABLE_OPERATION_IDS = {
    "payments_url": {
        "createPayment",
        "retrievePayment",
        "listPayments",
        "listEvents",
        "retrieveEvent",
        "capturePayment",
        "cancelPayment",
        "createRefund",
        "retrieveRefund",
        "listRefunds",
        "createWebhookEndpoint",
        "listWebhookEndpoints",
        "retrieveWebhookEndpoint",
        "deleteWebhookEndpoint",
        "healthz",
    },
    "psp_url": {
        "createToken",
        "createCharge",
        "retrieveCharge",
        "listCharges",
        "captureCharge",
        "cancelCharge",
        "refundCharge",
        "injectFaults",
        "clearFaults",
        "healthz",
    },
}


@pytest.mark.parametrize("service", sorted(STABLE_OPERATION_IDS))
def test_operation_ids_are_the_stable_readable_names(stack, service):
    found = [op["operationId"] for _, _, op in operations(document_of(stack, service))]
    assert sorted(found) == sorted(STABLE_OPERATION_IDS[service])


@pytest.mark.parametrize("service", ["psp_url", "payments_url"])
def test_every_operation_is_described_and_tagged_with_a_declared_tag(stack, service):
    document = document_of(stack, service)
    declared = {tag["name"]: tag["description"] for tag in document["tags"]}
    assert all(declared.values())
    for path, method, operation in operations(document):
        assert operation["description"].strip(), f"{method.upper()} {path}"
        assert set(operation["tags"]) <= set(declared), f"{method.upper()} {path}"
    assert document["servers"] and all(server["url"] for server in document["servers"])


@pytest.mark.parametrize("service", ["psp_url", "payments_url"])
def test_the_documented_security_is_what_the_service_enforces(stack, service):
    document = document_of(stack, service)
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    base = getattr(stack.info, service)
    for path, method, operation in operations(document):
        url = base + path.replace("{payment_id}", "pay_x").replace("{charge_id}", "ch_x")
        # Without a key: an operation that claims bearer security must refuse it as 401 (the
        # key is checked before the body or the query).
        answer = httpx.request(method, url)
        if operation["security"] == [{"bearerAuth": []}]:
            assert answer.status_code == 401, f"{method.upper()} {path}"
        else:
            assert operation["security"] == [], f"{method.upper()} {path}"
            assert answer.status_code == 200, f"{method.upper()} {path}"


@pytest.mark.parametrize("service", ["psp_url", "payments_url"])
def test_every_response_declares_request_id_and_version_headers(stack, service):
    document = document_of(stack, service)
    assert document["components"]["headers"]["Request-Id"]["required"] is True
    assert document["components"]["headers"]["FinCore-Version"]["required"] is True
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            assert {"Request-Id", "FinCore-Version"} <= set(response["headers"]), (
                f"{method.upper()} {path} {status}"
            )
        versions = [p for p in operation["parameters"] if "ApiVersion" in p.get("$ref", "")]
        assert versions, f"{method.upper()} {path} does not take FinCore-Version"


def test_replayable_and_rate_limited_answers_declare_their_headers(stack):
    payments = document_of(stack, "payments_url")["paths"]["/v1/payments"]["post"]["responses"]
    for status in ("201", "202", "402"):
        assert "Idempotent-Replayed" in payments[status]["headers"], status
    assert "Idempotent-Replayed" not in payments["401"]["headers"]
    tokens = document_of(stack, "psp_url")["paths"]["/v1/tokens"]["post"]["responses"]
    assert "Retry-After" in tokens["429"]["headers"]
