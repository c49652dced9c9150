"""The script authorisations file: patterns with owners and justifications (PCI DSS 6.4.3)."""

import json

import pytest

from fincore.common.sri import digests, integrity_matches, sri
from fincore.pci.authorizations import ConfigError, load_config

PAGE = "https://shop.example"


def write(tmp_path, data) -> object:
    path = tmp_path / "authorizations.json"
    path.write_text(json.dumps(data))
    return path


def config_with(tmp_path, *patterns, origins=None):
    scripts = [{"pattern": p, "owner": "web team", "justification": "needed"} for p in patterns]
    return load_config(write(tmp_path, {"origins": origins or {}, "scripts": scripts}))


def test_the_packaged_file_authorises_the_demo_checkout_scripts_on_its_origins():
    config = load_config().with_origins({"cdn": "http://127.0.0.1:1", "psp": "http://127.0.0.1:2"})
    sdk = config.match("http://127.0.0.1:1/sdk/1.0.0/fincore-1.0.0.js", PAGE)
    fields = config.match("http://127.0.0.1:2/fields/v1/static/fincore-fields-1.0.0.js", PAGE)
    own = config.match(f"{PAGE}/static/checkout.js", PAGE)
    assert sdk and fields and own
    assert all(entry.owner and entry.justification for entry in (sdk, fields, own))
    # The same path on any other origin is not authorised.
    assert config.match("http://127.0.0.1:3/sdk/1.0.0/fincore-1.0.0.js", PAGE) is None


def test_a_star_stays_within_one_path_segment_and_two_cross_them(tmp_path):
    config = config_with(tmp_path, "{page}/js/*.js", "{page}/vendor/**")
    assert config.match(f"{PAGE}/js/app.js", PAGE)
    assert config.match(f"{PAGE}/js/evil/app.js", PAGE) is None
    assert config.match(f"{PAGE}/vendor/a/b/c.js", PAGE)
    # Regex characters in patterns are literal.
    assert config_with(tmp_path, "{page}/a.js").match(f"{PAGE}/aXjs", PAGE) is None


def test_an_inline_script_is_authorised_by_its_exact_hash(tmp_path):
    name = f"inline:{sri(b'console.log(1)')}"
    config = config_with(tmp_path, name)
    assert config.match(name, PAGE)
    assert config.match(f"inline:{sri(b'console.log(2)')}", PAGE) is None


def test_a_placeholder_naming_no_origin_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="cnd"):
        config_with(tmp_path, "{cnd}/sdk.js", origins={"cdn": "https://cdn.example"})


@pytest.mark.parametrize(
    "data",
    [
        {"scripts": [{"pattern": "{page}/a.js", "owner": "x"}]},  # no justification
        {"scripts": [{"pattern": "", "owner": "x", "justification": "y"}]},
        {"scripts": [], "extra": True},
        [],
    ],
)
def test_malformed_files_are_refused(tmp_path, data):
    with pytest.raises(ConfigError):
        load_config(write(tmp_path, data))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        load_config(tmp_path / "absent.json")


def test_sri_uses_the_strongest_algorithm_listed():
    data = digests(b"fincore.js")
    good384, good512 = f"sha384-{data['sha384']}", f"sha512-{data['sha512']}"
    assert integrity_matches(good384, data) is True
    assert integrity_matches(f"sha384-AAAA {good384}", data) is True
    # A valid sha384 does not help when a sha512 is listed and wrong: browsers use the strongest.
    assert integrity_matches(f"{good384} sha512-AAAA", data) is False
    assert integrity_matches(f"sha256-AAAA {good512}", data) is True
    assert integrity_matches("md5-AAAA", data) is None
