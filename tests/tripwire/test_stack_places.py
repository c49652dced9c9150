"""``stack.tripwire_report()`` looks in every file the out-of-scope components write: a card
number planted in disguise in each (glued to letters, base64) is named by its place.

The planted stacks' folders are deleted at the end: the session-end scan of every ``payments``,
``merchant`` and ``cdn`` folder must not count these planted numbers as leaks.
"""

import base64
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
import sqlalchemy

from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions
from fincore.tripwire import new_canary
from fincore.tripwire.report import stack_folders

# Every kind of file a stack's out-of-scope components write today; a new kind fails the
# inventory test below until it is added here (and so planted in).
EXPECTED_FILES = {
    "payments/payments.db",
    "payments/payments.db-wal",
    "payments/payments.db-shm",
    "payments/requests.log",
    "merchant/requests.log",
    "merchant/csp-reports.log",
    # The demo merchant's orders, as its webhooks move them (fincore.merchant.orders).
    "merchant/orders.db",
    "merchant/orders.db-wal",
    "merchant/orders.db-shm",
    "cdn/requests.log",
}


def glued(number: str) -> bytes:
    return f"\nPAN{number}x\n".encode()


def in_base64(number: str) -> bytes:
    return b"\n" + base64.b64encode(f'{{"card": "{number}"}}'.encode()) + b"\n"


@pytest.fixture
def used_stack(tmp_path) -> Iterator[LocalStack]:
    """A stack that has written every file it writes: a payment, a page, a script, a CSP report."""
    folder = tmp_path / "planted-stack"
    try:
        with LocalStack(StackOptions(data_dir=folder)) as stack:
            info = stack.info
            shopper = PSPBrowserAPI(info.psp_url, info.merchants[0].publishable_key)
            merchant = PaymentsAPI(info.payments_url, info.merchants[0].secret_key)
            assert merchant.pay(shopper.token_id()).status == 201
            merchant.close()
            shopper.close()
            assert httpx.get(f"{info.merchant_url}/").status_code == 200
            assert httpx.get(f"{info.cdn_url}/healthz").status_code == 200
            report = {"csp-report": {"blocked-uri": "https://evil.example/x.js"}}
            posted = httpx.post(
                f"{info.merchant_url}/csp-reports",
                json=report,
                headers={"Content-Type": "application/csp-report"},
            )
            assert posted.status_code < 300, posted.text
            yield stack
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def written_files(stack: LocalStack) -> dict[str, Path]:
    return {
        str(path.relative_to(stack.info.data_dir)): path
        for folder in stack_folders(stack.info.data_dir).values()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_the_stack_writes_only_files_the_tripwire_test_plants_in(used_stack):
    assert set(written_files(used_stack)) == EXPECTED_FILES


def plant_in_database(database: Path, glued_number: str, spaced_number: str) -> None:
    # Through SQLite, as a service would store it: the rows land in the -wal file, and the
    # checkpoint copies them into the database file as well. Each value is scanned with the
    # guard's rule (glued to letters too); the pages of the -wal file, where values run into
    # each other, only for numbers that letters do not touch (fincore.tripwire.detect).
    with closing(sqlite3.connect(database)) as db:
        db.execute("CREATE TABLE planted (note TEXT)")
        for note in (f"ref PAN{glued_number}", f"ref {spaced_number} ok"):
            db.execute("INSERT INTO planted VALUES (?)", (note,))
        db.commit()
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")


def test_a_disguised_card_number_in_any_written_file_is_named_by_its_place(used_stack):
    files = written_files(used_stack)
    expected = set()
    databases = ("payments/payments.db", "merchant/orders.db")
    for name in databases:
        database = files[name]
        glued_in_database, spaced_in_database = new_canary("mastercard"), new_canary("amex")
        plant_in_database(database, glued_in_database, spaced_in_database)
        expected |= {
            (f"{database} (table planted, column note)", glued_in_database[-4:]),
            (f"{database} (table planted, column note)", spaced_in_database[-4:]),
            (str(files[f"{name}-wal"]), spaced_in_database[-4:]),
        }
    text_disguises = [glued, in_base64]
    others = sorted(set(files) - {name for db in databases for name in (db, f"{db}-wal")})
    for index, name in enumerate(others):
        number = new_canary("visa")
        disguise = in_base64 if name.endswith("-shm") else text_disguises[index % 2]
        with files[name].open("ab") as planted:
            planted.write(disguise(number))
        expected.add((str(files[name]), number[-4:]))
    report = used_stack.tripwire_report()
    found = {(finding.where, finding.last4) for finding in report.findings}
    assert expected <= found, sorted(expected - found)
    assert {finding.component for finding in report.findings} == {"payments", "merchant", "cdn"}
    assert {finding.encoding for finding in report.findings} == {"plain", "base64"}


def plant_in_server_database(url: str, number: str) -> None:
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("CREATE TABLE planted (note TEXT)"))
        connection.execute(
            sqlalchemy.text("INSERT INTO planted VALUES (:note)"), {"note": f"ref PAN{number}"}
        )
    engine.dispose()


def test_a_scaled_out_stack_names_instances_balancer_and_database(tmp_path):
    folder = tmp_path / "planted-cluster"
    try:
        with LocalStack(StackOptions(data_dir=folder, payment_instances=2)) as stack:
            # Sent through the balancer in a query string: refused, and written nowhere (nginx
            # logs metadata only, the instances withhold what they refuse).
            number = new_canary("visa")
            key = stack.info.merchants[0].secret_key
            refused = httpx.get(
                f"{stack.info.payments_url}/v1/payments",
                params={"note": f"PAN{number}"},
                headers={"Authorization": f"Bearer {key}"},
            )
            assert refused.json()["error"]["code"] == "raw_card_data_rejected"
            assert stack.tripwire_report().ok, stack.tripwire_report()
            balancer_log = stack._cluster.balancer.prefix / "access.log"
            places = {
                "payments-0": folder / "payments-0" / "requests.log",
                "payments-1": folder / "payments-1" / "requests.log",
                "load balancer": balancer_log,
            }
            expected = set()
            in_database = new_canary("amex")
            plant_in_server_database(stack._cluster.database_url, in_database)
            expected.add(
                (
                    "payments",
                    "payments database (table planted, column note)",
                    in_database[-4:],
                )
            )
            for component, path in places.items():
                planted = new_canary("discover")
                with path.open("ab") as log:
                    log.write(glued(planted))
                expected.add((component, str(path), planted[-4:]))
            report = stack.tripwire_report()
        found = {(f.component, f.where, f.last4) for f in report.findings}
        assert expected <= found, sorted(expected - found)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
