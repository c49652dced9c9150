"""The wire as the flow notebook prints it: the request line, the headers that matter, the body,
the answer; volatile values in their stand-ins, long bodies cut."""

import pytest

from fincore.architecture.hop import Hop
from fincore.evidence.trace_recorder import Wire
from fincore.walkthrough.wire import BROWSER, WireLog, excerpt, render_crossing, security_headers

TOKENS = Wire(
    "POST",
    "/v1/tokens",
    (
        ("host", "127.0.0.1:40111"),
        ("user-agent", "Mozilla/5.0 HeadlessChrome/131.0"),
        ("sec-fetch-site", "same-origin"),
        ("accept-language", "en"),
        ("content-type", "application/json"),
    ),
    '{"number": "424242******4242", "cvc": "***"}',
    201,
    (
        ("content-type", "application/json"),
        ("content-security-policy", "script-src 'nonce-abc123'"),
        ("date", "Sun, 29 Nov 2026 19:00:00 GMT"),
    ),
    '{"id": "tok_0123456789abcdef0123456789abcdef"}',
)
STEP5 = Hop("psp_iframe", "psp", "POST", "/v1/tokens", "5")


def test_an_exchange_shows_request_and_answer_with_the_headers_that_matter():
    text = WireLog([(STEP5, TOKENS)]).render("5", "/v1/tokens", "POST")
    assert text.splitlines()[0] == "step 5 → POST http://127.0.0.1:<port>/v1/tokens"
    assert "  Sec-Fetch-Site: same-origin" in text
    assert f"  User-Agent: {BROWSER}" in text  # a browser's version is not the point
    assert "accept-language" not in text.lower() and "date:" not in text.lower()
    assert '"number": "424242******4242"' in text
    # The PSP's answer to step 5 is step 6 of the design.
    assert "step 6 ← HTTP 201 Created" in text
    assert '"id": "tok_<id>"' in text


def test_long_bodies_are_cut_by_lines_and_by_width():
    wire = Wire("GET", "/x.js", (), "", 200, (), "a" * 400 + "\n" + "\n".join("b" * 30))
    text = render_crossing(WireLog([(Hop("a", "b", "GET", "/x.js", "2"), wire)]).find("2"), 3)
    assert "a" * 150 + " ... (250 more characters)" in text
    assert "... (28 more lines)" in text


def test_the_security_headers_table_has_a_column_per_response_and_masks_nonces():
    rows = security_headers({"field page": TOKENS})
    by_name = {row[0]: row[1] for row in rows}
    assert by_name["Content-Security-Policy"] == "script-src 'nonce-(per response)'"
    assert by_name["Strict-Transport-Security"] == "—"


def test_a_missing_exchange_names_what_was_recorded():
    with pytest.raises(LookupError, match="seen: 5 POST /v1/tokens"):
        WireLog([(STEP5, TOKENS)]).find("10", "/v1/payments")


def test_unnumbered_hops_are_not_steps():
    unknown = Hop("unknown client", "psp", "POST", "/v1/tokens", None)
    assert WireLog([(unknown, TOKENS)]).crossings == []


def test_an_excerpt_keeps_the_marked_lines_with_their_line_numbers():
    source = "\n".join(f"line {n}" for n in range(1, 11))
    assert excerpt(source, ["line 3", "line 9"], after=1) == (
        "    ...\n   3  line 3\n   4  line 4\n    ...\n   9  line 9\n  10  line 10"
    )
