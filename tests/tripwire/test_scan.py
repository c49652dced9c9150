"""Scanning what a component wrote: log files in any encoding, and SQLite databases, where a
card number sits glued to the values stored next to it."""

import base64
import random
import sqlite3
from contextlib import closing
from urllib.parse import quote

from fincore.cards.test_cards import AMEX_PAN, DISCOVER_PAN, VISA_PAN
from fincore.tripwire import scan_bytes, scan_tree


def make_database(path, description):
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE payments (id TEXT, currency TEXT, description TEXT, meta BLOB)")
        db.execute(
            "INSERT INTO payments VALUES (?, ?, ?, ?)",
            ("pay_" + "0a" * 16, "usd", description, b"{}"),
        )
        db.commit()


def test_a_number_glued_to_its_neighbours_in_a_database_is_found_by_value(tmp_path):
    database = tmp_path / "payments.db"
    make_database(database, VISA_PAN)
    # The raw page holds "...usd4242424242424242{}...": found glued to its neighbours, and
    # reported once, by the value that holds it.
    assert VISA_PAN.encode() in database.read_bytes()
    assert [f.last4 for f in scan_bytes(database.read_bytes(), "raw")] == ["4242"]
    [finding] = scan_tree(tmp_path)
    assert finding.last4 == "4242"
    assert finding.where == f"{database} (table payments, column description)"


def test_a_clean_database_has_no_findings(tmp_path):
    make_database(tmp_path / "payments.db", "Order 1717171717123, 10.50 USD")
    assert scan_tree(tmp_path) == []


def test_every_file_in_a_folder_is_scanned_in_every_encoding(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "access.log").write_text(f"GET /pay?card={quote(AMEX_PAN)}\t200\n")
    (tmp_path / "bodies.jsonl").write_text(
        '{"body": "' + base64.b64encode(DISCOVER_PAN.encode()).decode() + '"}\n'
    )
    (tmp_path / "clean.log").write_text('{"ts": 1717171717.123, "status": 201}\n')
    findings = scan_tree(tmp_path, component="merchant")
    assert {(f.last4, f.encoding, f.component) for f in findings} == {
        ("0005", "plain", "merchant"),
        ("1117", "base64", "merchant"),
    }
    assert all(VISA_PAN not in str(f) and AMEX_PAN not in str(f) for f in findings)
    assert str(findings[0]).startswith("card ending ")


def test_a_database_that_cannot_be_opened_is_still_scanned_raw(tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b" card " + VISA_PAN.encode())
    assert [f.last4 for f in scan_tree(damaged)] == ["4242"]


def test_our_ids_running_into_their_neighbours_in_database_pages_are_no_card(tmp_path):
    # A page stores "tok_<32 hex>visa..." back to back: read with the guard's rule (a card may
    # touch letters) the hex digits hold a card-shaped run in about one id in 250. Pages are
    # read without it, values one by one with it.
    rng = random.Random(13)
    database = tmp_path / "payments.db"
    with closing(sqlite3.connect(database)) as db:
        db.execute("CREATE TABLE payments (id TEXT, token TEXT, brand TEXT, charge TEXT)")
        rows = [
            (f"pay_{rng.getrandbits(128):032x}", f"tok_{rng.getrandbits(128):032x}", "visa")
            + (f"ch_{rng.getrandbits(128):032x}",)
            for _ in range(5000)
        ]
        db.executemany("INSERT INTO payments VALUES (?, ?, ?, ?)", rows)
        db.commit()
    page_bytes = database.read_bytes()
    assert scan_bytes(page_bytes, "as text", glued_to_letters=True), "the trap this avoids"
    assert scan_tree(tmp_path) == []
