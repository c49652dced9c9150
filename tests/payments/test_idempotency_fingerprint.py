"""A key's stored fingerprint never looks like a card number to the PAN tripwire, and keys
stored with the older hex fingerprint still recognise their retries."""

from fincore.common.digest import body_digest
from fincore.payments.idempotency import fingerprint, same_request
from fincore.tripwire.detect import find_card_numbers

# A body whose hex SHA-256 holds a Luhn-valid card-shaped digit run (found by search: about one
# body in 1,400 has one).
CARD_SHAPED_HEX_BODY = {"n": "1240"}


def test_the_chosen_body_has_a_card_shaped_hex_digest():
    assert find_card_numbers(body_digest(CARD_SHAPED_HEX_BODY).encode())


def test_its_fingerprint_is_not_card_shaped():
    assert find_card_numbers(fingerprint(CARD_SHAPED_HEX_BODY).encode()) == []


def test_no_fingerprint_of_thousands_looks_like_a_card():
    found = [n for n in range(5000) if find_card_numbers(fingerprint({"n": str(n)}).encode())]
    assert found == []


def test_a_key_stored_with_a_hex_digest_matches_the_same_body_only():
    stored = body_digest({"amount": 100})
    assert same_request(stored, fingerprint({"amount": 100}))
    assert not same_request(stored, fingerprint({"amount": 101}))
