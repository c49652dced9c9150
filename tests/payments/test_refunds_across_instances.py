"""Two Payment Service instances on one PostgreSQL database: concurrent refunds through both
never pass the captured amount, and concurrent captures capture once. The limit is the
database's, not a lock in either process. Without a PostgreSQL this fails; it never skips."""

import asyncio
import itertools

import httpx
import pytest

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.scaleout.cluster import PaymentCluster
from fincore.lab.scaleout.postgres import TemporaryPostgres
from fincore.lab.stack import LocalStack, StackOptions
from fincore.psp.ledger import operations_on_charge

REFUNDS = 20


@pytest.fixture(scope="module")
def two_instances(tmp_path_factory):
    """The PSP in process; two fincore-payments processes sharing a fresh PostgreSQL."""
    with (
        TemporaryPostgres() as postgres,
        LocalStack(StackOptions(data_dir=tmp_path_factory.mktemp("psp"))) as stack,
    ):
        info = stack.info
        folder = tmp_path_factory.mktemp("payments")
        with PaymentCluster(
            2, postgres.url, info.psp_url, info.merchants, folder, info.payments_environment()
        ) as cluster:
            urls = [f"http://{process.address}" for process in cluster.processes]
            yield stack, urls


def post_to_both(stack, urls, path, body, count):
    """``count`` POSTs at once, alternating between the two instances."""
    headers = {"Authorization": f"Bearer {stack.info.merchants[0].secret_key}"}

    async def send_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(headers=headers, timeout=30) as http:
            targets = itertools.islice(itertools.cycle(urls), count)
            return await asyncio.gather(*(http.post(url + path, json=body) for url in targets))

    return asyncio.run(send_all())


def pay(stack, url, **extra):
    info = stack.info
    shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
    merchant = PaymentsAPI(url, info.merchants[0].secret_key)
    try:
        return merchant.pay(shopper.token_id(), amount=1000, **extra).body
    finally:
        shopper.close()
        merchant.close()


def test_concurrent_refunds_on_two_instances_never_exceed_the_capture(two_instances):
    stack, urls = two_instances
    payment = pay(stack, urls[0])
    body = {"payment": payment["id"], "amount": 100}
    answers = post_to_both(stack, urls, "/v1/refunds", body, REFUNDS)
    assert sorted(answer.status_code for answer in answers) == [201] * 10 + [400] * 10
    merchant = PaymentsAPI(urls[1], stack.info.merchants[0].secret_key)
    assert merchant.get(payment["id"]).body["amount_refunded"] == 1000
    assert len(merchant.list_refunds(payment=payment["id"], limit=100).body["data"]) == 10
    merchant.close()
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "refund") == 10


def test_concurrent_captures_on_two_instances_capture_once(two_instances):
    stack, urls = two_instances
    payment = pay(stack, urls[0], capture_method="manual")
    path = f"/v1/payments/{payment['id']}/capture"
    answers = post_to_both(stack, urls, path, {"amount": 500}, 6)
    assert sorted(answer.status_code for answer in answers) == [200] + [400] * 5
    assert operations_on_charge(stack.psp_state, payment["psp_charge"], "capture") == 1
