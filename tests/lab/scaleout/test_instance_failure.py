"""Killing one instance under load loses nothing: every client gets the one true outcome."""

import concurrent.futures
import threading

from fincore.lab.clients import PaymentsAPI
from fincore.lab.clients_retry import pay_until_definite
from fincore.lab.scaleout.cluster import PaymentCluster
from fincore.psp.ledger import charges_for_token

PAYMENTS = 40


def test_killing_an_instance_under_load_loses_and_doubles_nothing(
    postgres, psp_stack, shopper, payments_for_token, tmp_path
):
    info = psp_stack.info
    settings = {"FINCORE_PAYMENTS_IDEMPOTENCY_LEASE_SECONDS": "1", **info.payments_environment()}
    with PaymentCluster(
        3, postgres.url, info.psp_url, info.merchants, tmp_path, settings
    ) as cluster:
        merchant = PaymentsAPI(cluster.url, info.merchants[0].secret_key)
        tokens = [shopper.token_id() for _ in range(PAYMENTS)]
        answered = 0
        enough_answered = threading.Event()
        lock = threading.Lock()

        def checkout(index):
            nonlocal answered
            result = pay_until_definite(merchant, tokens[index], f"kill-{index}")
            with lock:
                answered += 1
                if answered == PAYMENTS // 4:
                    enough_answered.set()
            return result

        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            futures = [pool.submit(checkout, index) for index in range(PAYMENTS)]
            assert enough_answered.wait(60)
            cluster.processes[0].kill()
            results = [future.result() for future in futures]
        assert cluster.processes[0].returncode == -9

    assert [response.status for response, _ in results] == [201] * PAYMENTS
    assert len({response.body["id"] for response, _ in results}) == PAYMENTS
    for token in tokens:
        assert payments_for_token(token) == 1
        assert charges_for_token(psp_stack.psp_state, token) == 1
