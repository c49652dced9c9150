"""The guard sits in authentication: every route of the Payment Service's API depends on
``authenticate``, so none can be reached without the card-number guard running."""

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from fincore.payments.deps import authenticate
from fincore.payments.routes import payments, refunds


def calls_in(dependant: Dependant) -> set[object]:
    found = {dependant.call}
    for sub in dependant.dependencies:
        found |= calls_in(sub)
    return found


def test_every_payments_route_authenticates_and_so_runs_the_guard():
    every = [*payments.router.routes, *refunds.router.routes]
    routes = [route for route in every if isinstance(route, APIRoute)]
    assert {(route.path, *sorted(route.methods)) for route in routes} == {
        ("/v1/payments", "POST"),
        ("/v1/payments", "GET"),
        ("/v1/payments/{payment_id}", "GET"),
        ("/v1/payments/{payment_id}/capture", "POST"),
        ("/v1/payments/{payment_id}/cancel", "POST"),
        ("/v1/refunds", "POST"),
        ("/v1/refunds", "GET"),
        ("/v1/refunds/{refund_id}", "GET"),
    }
    assert all(authenticate in calls_in(route.dependant) for route in routes)
