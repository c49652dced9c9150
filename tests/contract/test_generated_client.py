"""A client generated with openapi-python-client from the Payment Service's own document pays,
retrieves and lists against the running stack, authenticated by the document's bearer scheme."""

import importlib
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

from fincore.lab.clients import PSPBrowserAPI

PACKAGE = "fincore_payments_client"
# The generated code is imported as it comes: no formatter run over it.
GENERATOR_CONFIG = "post_hooks: []\n"


@pytest.fixture(scope="module")
def generated(documents, tmp_path_factory) -> Iterator[ModuleType]:
    """The generated package, importable for this module's tests only."""
    folder = tmp_path_factory.mktemp("generated-client")
    config = folder / "config.yaml"
    config.write_text(GENERATOR_CONFIG)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(documents["payments"]),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # The generator warns about every part of a document it could not turn into code.
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def client(generated, stack):
    client_module = importlib.import_module(f"{PACKAGE}.client")
    with client_module.AuthenticatedClient(
        base_url=stack.info.payments_url, token=stack.info.merchants[0].secret_key
    ) as authenticated:
        yield authenticated


def api(operation: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.payments.{operation}")


def pay(generated: ModuleType, client, shopper: PSPBrowserAPI, amount: int):
    body_model = importlib.import_module(f"{PACKAGE}.models").CreatePaymentPaymentCreate
    body = body_model(token=shopper.token_id(), amount=amount, currency="eur")
    return api("create_payment").sync_detailed(client=client, body=body)


def test_the_generated_client_pays_with_a_psp_token(generated, client, shopper):
    response = pay(generated, client, shopper, 1234)
    assert response.status_code == 201
    payment = response.parsed
    assert (payment.status.value, payment.amount, payment.currency) == ("succeeded", 1234, "eur")
    assert payment.id.startswith("pay_")
    assert response.headers["FinCore-Version"] == "2026-11-01"
    assert response.headers["Request-Id"]


def test_the_generated_client_retrieves_the_payment_it_made(generated, client, shopper):
    made = pay(generated, client, shopper, 500).parsed
    response = api("retrieve_payment").sync_detailed(made.id, client=client)
    assert response.status_code == 200
    assert (response.parsed.id, response.parsed.amount_display) == (made.id, "5.00 EUR")


def test_the_generated_client_lists_both_ways(generated, client, shopper):
    older, newer = (pay(generated, client, shopper, amount).parsed for amount in (700, 800))
    listing = api("list_payments")
    first = listing.sync_detailed(client=client, limit=2).parsed
    assert [payment.id for payment in first.data] == [newer.id, older.id]
    back = listing.sync_detailed(client=client, ending_before=older.id, limit=1).parsed
    assert [payment.id for payment in back.data] == [newer.id]
    assert back.has_more is False


def test_the_generated_client_gets_the_error_object_for_a_bad_key(generated, stack):
    client_module = importlib.import_module(f"{PACKAGE}.client")
    with client_module.AuthenticatedClient(
        base_url=stack.info.payments_url, token="sk_test_not_a_key"
    ) as wrong:
        response = api("list_payments").sync_detailed(client=wrong)
    assert response.status_code == 401
    assert response.parsed.error.code == "api_key_invalid"


def refunds_api(operation: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.refunds.{operation}")


def test_the_generated_client_captures_and_refunds_a_manual_payment(generated, client, shopper):
    models = importlib.import_module(f"{PACKAGE}.models")
    body = models.CreatePaymentPaymentCreate(
        token=shopper.token_id(),
        amount=1000,
        currency="eur",
        capture_method=models.CreatePaymentPaymentCreateCaptureMethod("manual"),
    )
    authorized = api("create_payment").sync_detailed(client=client, body=body).parsed
    assert authorized.status.value == "requires_capture"
    captured = api("capture_payment").sync_detailed(
        authorized.id, client=client, body=models.CapturePaymentPaymentCapture(amount=800)
    )
    assert captured.status_code == 200
    assert (captured.parsed.status.value, captured.parsed.amount_captured) == ("succeeded", 800)
    refund_body = models.CreateRefundRefundCreate(payment=authorized.id, amount=300)
    refund = refunds_api("create_refund").sync_detailed(client=client, body=refund_body)
    assert refund.status_code == 201
    assert (refund.parsed.status.value, refund.parsed.amount) == ("succeeded", 300)
    listed = refunds_api("list_refunds").sync_detailed(client=client, payment=authorized.id)
    assert [found.id for found in listed.parsed.data] == [refund.parsed.id]
    again = refunds_api("retrieve_refund").sync_detailed(refund.parsed.id, client=client)
    assert again.parsed.payment == authorized.id
