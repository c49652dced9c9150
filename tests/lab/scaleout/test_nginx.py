"""The load balancer answers as the Payment Service does, even where nginx would answer itself."""

import httpx
import pytest


@pytest.mark.parametrize(("path", "allowed"), [("/v1/payments", "GET, POST"), ("/healthz", "GET")])
def test_trace_gets_the_services_json_405_naming_the_allowed_methods(cluster, path, allowed):
    # nginx refuses TRACE on its own, in HTML without Allow; the conformance run's fuzzing found it.
    answer = httpx.request("TRACE", cluster.url + path)
    assert answer.status_code == 405
    assert answer.headers["Allow"] == allowed
    assert answer.json()["error"]["code"] == "method_not_allowed"
