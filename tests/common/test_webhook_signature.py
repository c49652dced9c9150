"""A webhook signature verifies only the exact body, under the right secret, near its time."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fincore.common.webhook_signature import (
    SignatureVerificationError,
    sign,
    signature,
    verify,
)

SECRET = "whsec_" + "ab" * 32
BODY = b'{"id":"evt_1","type":"payment.succeeded"}'
NOW = 1_800_000_000


def test_a_fresh_signature_of_the_body_verifies():
    verify(BODY, sign(SECRET, BODY, NOW), SECRET, now=NOW)


@given(body=st.binary(), secret=st.text(min_size=1), timestamp=st.integers(0, 2**40))
def test_any_body_signed_by_any_secret_verifies_at_its_time(body, secret, timestamp):
    verify(body, sign(secret, body, timestamp), secret, now=timestamp)


@given(body=st.binary(), flipped=st.data())
def test_any_change_to_the_body_is_refused(body, flipped):
    header = sign(SECRET, body, NOW)
    tampered = flipped.draw(st.binary().filter(lambda other: other != body))
    with pytest.raises(SignatureVerificationError, match="No v1 signature matches"):
        verify(tampered, header, SECRET, now=NOW)


def test_a_signature_under_another_secret_is_refused():
    with pytest.raises(SignatureVerificationError, match="wrong secret"):
        verify(BODY, sign("whsec_other", BODY, NOW), SECRET, now=NOW)


@pytest.mark.parametrize("offset", [-301, 301, -86_400, 86_400])
def test_a_timestamp_outside_the_tolerance_is_refused_as_a_replay(offset):
    # Stale (an old delivery replayed) and future (a timestamp made to outlive the window) alike.
    header = sign(SECRET, BODY, NOW + offset)
    with pytest.raises(SignatureVerificationError, match="replay"):
        verify(BODY, header, SECRET, now=NOW)


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_a_timestamp_within_the_tolerance_verifies(offset):
    verify(BODY, sign(SECRET, BODY, NOW + offset), SECRET, now=NOW)


def test_a_changed_timestamp_invalidates_the_signature():
    genuine = signature(SECRET, BODY, NOW - 3600)
    with pytest.raises(SignatureVerificationError, match="No v1 signature matches"):
        verify(BODY, f"t={NOW},v1={genuine}", SECRET, now=NOW)


def test_one_matching_v1_among_several_is_enough():
    header = f"t={NOW},v1={'0' * 64},v1={signature(SECRET, BODY, NOW)},v0=legacy"
    verify(BODY, header, SECRET, now=NOW)


def test_several_v1_values_none_matching_are_refused():
    header = f"t={NOW},v1={'0' * 64},v1={signature('whsec_other', BODY, NOW)}"
    with pytest.raises(SignatureVerificationError, match="No v1 signature matches"):
        verify(BODY, header, SECRET, now=NOW)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        f"v1={'0' * 64}",
        f"t={NOW}",
        f"t=soon,v1={'0' * 64}",
        f"t=-5,v1={'0' * 64}",
        f"t={NOW},t={NOW},v1={'0' * 64}",
        f"t=１２３,v1={'0' * 64}",
    ],
)
def test_a_malformed_header_is_refused_with_a_clear_message(header):
    with pytest.raises(SignatureVerificationError, match="FinCore-Signature"):
        verify(BODY, header, SECRET, now=NOW)


@given(header=st.text())
def test_no_header_text_makes_verification_fail_other_than_clearly(header):
    with pytest.raises(SignatureVerificationError):
        verify(BODY, header, SECRET, now=NOW)
