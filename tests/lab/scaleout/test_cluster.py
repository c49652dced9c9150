"""Idempotency and single use hold across instances because the database enforces them."""

import concurrent.futures
import json

import httpx

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.psp.ledger import charges_for_token


def test_requests_are_spread_round_robin_over_every_instance(cluster, shopper, merchant):
    for _ in range(6):
        assert merchant.pay(shopper.token_id()).status == 201
    for process in cluster.processes:
        log = (process.folder / "requests.log").read_text().splitlines()
        posts = [json.loads(line) for line in log if '"POST"' in line]
        assert len(posts) >= 1, f"instance {process.address} received no payment"


def test_concurrent_duplicates_over_all_instances_make_one_payment(
    cluster, psp_stack, payments_for_token, shopper, merchant
):
    token = shopper.token_id()
    with concurrent.futures.ThreadPoolExecutor(30) as pool:
        responses = list(
            pool.map(lambda _: merchant.pay(token, idempotency_key="dup-across"), range(30))
        )
    statuses = {r.status for r in responses}
    assert statuses <= {201, 409}
    assert len({r.body["id"] for r in responses if r.status == 201}) == 1
    assert payments_for_token(token) == 1
    assert charges_for_token(psp_stack.psp_state, token) == 1


def test_one_token_charged_concurrently_on_all_instances_succeeds_once(
    psp_stack, shopper, merchant
):
    token = shopper.token_id()
    with concurrent.futures.ThreadPoolExecutor(30) as pool:
        responses = list(pool.map(lambda _: merchant.pay(token), range(30)))
    assert [r.status for r in responses].count(201) == 1
    assert all(r.error["code"] == "token_already_used" for r in responses if r.status != 201)
    assert charges_for_token(psp_stack.psp_state, token) == 1


def test_the_balancer_answers_health_checks(cluster):
    assert httpx.get(f"{cluster.url}/healthz").json() == {"status": "ok"}


def test_fincore_up_runs_the_scaled_out_topology(fincore_up, tmp_path):
    """`fincore up --instances 2`: two Payment Service processes behind nginx on PostgreSQL."""
    with fincore_up("--instances", "2") as run:
        merchant = run.info["merchants"][0]
        shopper = PSPBrowserAPI(run.info["psp_url"], merchant["publishable_key"])
        payments = PaymentsAPI(run.info["payments_url"], merchant["secret_key"])
        assert [payments.pay(shopper.token_id()).status for _ in range(4)] == [201] * 4
        instance_logs = sorted((tmp_path / "data").glob("payments-*/requests.log"))
        assert len(instance_logs) == 2
        assert all('"POST"' in log.read_text() for log in instance_logs)
    assert run.returncode == 0
