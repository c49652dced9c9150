"""Reading a Content-Security-Policy as a browser does: which source admits a script, and how."""

import pytest

from fincore.common.sri import digests
from fincore.pci.csp import (
    ScriptFacts,
    diff_policies,
    mask_nonces,
    parse_header,
    parse_policy,
    script_allowance,
    url_match,
)

PAGE = "https://shop.example/checkout"
SDK = "https://cdn.example/sdk/1.0.0/fincore-1.0.0.js"


def allowance(policy: str, url: str = "", **facts) -> str | None:
    return script_allowance(parse_policy(policy), ScriptFacts(url, **facts), PAGE)


def test_the_first_of_a_repeated_directive_wins_and_names_are_case_insensitive():
    policy = parse_policy("Script-Src 'self'; script-src *; ; default-src 'none'")
    assert policy == {"script-src": ["'self'"], "default-src": ["'none'"]}


def test_repeated_headers_are_separate_policies():
    assert len(parse_header("script-src 'self', default-src 'none'\nimg-src *")) == 3


@pytest.mark.parametrize(
    ("source", "url", "kind"),
    [
        (SDK, SDK, "exact-url"),
        (SDK, "https://cdn.example/sdk/1.0.0/other.js", None),
        ("https://cdn.example/sdk/", SDK, "path"),
        ("https://cdn.example/sdk", SDK, None),  # no trailing slash: an exact path
        ("https://cdn.example", SDK, "host"),
        ("cdn.example", SDK, "host"),  # scheme-less: the page's scheme
        ("http://cdn.example", SDK, "host"),  # http admits the upgrade to https
        ("https://cdn.example:8443", SDK, None),
        ("https://cdn.example:*", SDK, "host"),
        ("https://*.example", SDK, "host"),
        ("https://*.cdn.example", SDK, None),  # a wildcard never matches the bare domain
        ("'self'", "https://shop.example/static/checkout.js", "self"),
        ("'self'", "https://shop.example:8443/a.js", None),
        ("'self'", SDK, None),
        ("https:", SDK, "scheme"),
        ("http:", SDK, "scheme"),
        ("*", SDK, "wildcard"),
        ("'none'", SDK, None),
        ("'unsafe-inline'", SDK, None),
    ],
)
def test_source_expressions_match_urls_as_browsers_do(source, url, kind):
    assert url_match(source, url, PAGE) == kind


def test_loopback_ports_are_part_of_the_origin():
    page = "http://127.0.0.1:8000/"
    assert url_match("http://127.0.0.1:9000", "http://127.0.0.1:9000/x.js", page) == "host"
    assert url_match("http://127.0.0.1:9000", "http://127.0.0.1:9001/x.js", page) is None
    assert url_match("'self'", "http://127.0.0.1:8000/static/a.js", page) == "self"


def test_the_strongest_source_names_the_allowance():
    assert allowance(f"script-src 'self' https://cdn.example {SDK}", SDK) == "exact-url"


def test_script_src_elem_then_script_src_then_default_src_govern_scripts():
    assert allowance(f"default-src 'none'; script-src {SDK}", SDK) == "exact-url"
    assert allowance(f"script-src-elem 'none'; script-src {SDK}", SDK) is None
    assert allowance(f"default-src {SDK}", SDK) == "exact-url"
    assert allowance("img-src 'none'", SDK) == "unrestricted"


def test_a_nonce_admits_only_the_element_carrying_it():
    policy = "script-src 'nonce-abc123'"
    assert allowance(policy, SDK, nonce="abc123") == "nonce"
    assert allowance(policy, SDK, nonce="other") is None
    assert allowance(policy, SDK) is None


def test_inline_scripts_need_a_hash_a_nonce_or_unsafe_inline():
    text = digests(b"console.log(1)")
    facts = {"text_digests": tuple(text.items())}
    assert allowance(f"script-src 'sha256-{text['sha256']}'", **facts) == "hash"
    assert allowance("script-src 'sha256-AAAA'", **facts) is None
    assert allowance("script-src 'unsafe-inline'", **facts) == "unsafe-inline"
    # A nonce or hash in the list switches 'unsafe-inline' off (CSP Level 2 compatibility).
    assert allowance("script-src 'unsafe-inline' 'nonce-x'", **facts) is None
    assert allowance("script-src 'self'", **facts) is None


def test_strict_dynamic_ignores_url_sources():
    assert allowance(f"script-src 'strict-dynamic' 'nonce-n' {SDK}", SDK) == "strict-dynamic"
    assert allowance("script-src 'strict-dynamic' 'nonce-n'", SDK, nonce="n") == "nonce"


def test_nonces_are_masked_for_comparison():
    a = mask_nonces("script-src 'nonce-AbC_1-2'; default-src 'none'")
    b = mask_nonces("script-src 'nonce-zzz'; default-src 'none'")
    assert a == b and "AbC" not in a


def test_policy_differences_are_read_directive_by_directive():
    before = f"default-src 'none'; script-src 'self' {SDK}; frame-ancestors 'none'"
    after = f"default-src 'none'; script-src 'self' {SDK} https://evil.example 'unsafe-inline'"
    assert diff_policies(before, after) == [
        "frame-ancestors: directive removed (was 'none')",
        "script-src: added https://evil.example 'unsafe-inline'",
    ]
    assert diff_policies(before, before) == []
