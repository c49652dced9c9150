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
