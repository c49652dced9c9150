"""SIGKILL in the middle of payments: after a restart, retries get the one true outcome."""

import concurrent.futures
import json

import httpx

from fincore.lab.clients import PaymentsAPI
from fincore.lab.scaleout.processes import ServiceProcess
from fincore.psp.faults import Fault
from fincore.psp.ledger import charges_for_token

IN_FLIGHT = 6


def test_a_killed_payment_service_loses_and_doubles_nothing(stack, shopper, tmp_path):
    info = stack.info
    service = ServiceProcess(
        "payments",
        {
            "FINCORE_PAYMENTS_DATA_DIR": str(tmp_path / "payments"),
            "FINCORE_PAYMENTS_PSP_URL": info.psp_url,
            "FINCORE_PAYMENTS_MERCHANTS": json.dumps(
                [m.model_dump(mode="json") for m in info.merchants]
            ),
            **info.payments_environment(),
        },
        tmp_path / "process",
    ).start()
    merchant = PaymentsAPI(service.url, info.merchants[0].secret_key)
    tokens = [shopper.token_id() for _ in range(IN_FLIGHT)]
    faults = stack.psp_state.faults
    faults.inject(Fault("latency", latency_ms=500), count=IN_FLIGHT)

    def attempt(index):
        try:
            return merchant.pay(tokens[index], idempotency_key=f"crash-{index}")
        except httpx.TransportError as error:
            return error

    with concurrent.futures.ThreadPoolExecutor(IN_FLIGHT) as pool:
        futures = [pool.submit(attempt, index) for index in range(IN_FLIGHT)]
        # Every payment has reached the PSP, so each is recorded as pending: now die.
        assert faults.wait_until_consumed()
        service.kill()
        lost = [future.result() for future in futures]
    assert all(isinstance(outcome, httpx.TransportError) for outcome in lost)

    # The restarted instance may take over keys at once: the old owner is certainly dead.
    service.env["FINCORE_PAYMENTS_IDEMPOTENCY_LEASE_SECONDS"] = "0"
    service.start()
    try:
        retries = [
            merchant.pay(token, idempotency_key=f"crash-{index}")
            for index, token in enumerate(tokens)
        ]
        assert [r.status for r in retries] == [201] * IN_FLIGHT
        listed = merchant.list(limit=100).body["data"]
        assert sorted(p["id"] for p in listed) == sorted(r.body["id"] for r in retries)
        for token in tokens:
            assert charges_for_token(stack.psp_state, token) == 1
    finally:
        service.stop()
