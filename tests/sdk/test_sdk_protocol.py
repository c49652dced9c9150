"""What both sides must agree on is defined once in sdk/src/shared and documented in
sdk/protocol; these tests keep the documentation, the JS and the Python side in step."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from fincore.cards.brands import ALL_BRANDS
from fincore.psp.fields import FIELD_NAMES, locales

SDK = Path(__file__).resolve().parents[2] / "sdk"
SCHEMA = json.loads((SDK / "protocol" / "fincore-frame-protocol.v1.schema.json").read_text())


@pytest.fixture(scope="module")
def shared(shared_js):
    return shared_js


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_documents_exactly_the_shared_message_names_and_protocol(shared):
    constants = shared["constants"]
    assert SCHEMA["properties"]["type"]["enum"] == list(constants["MESSAGES"].values())
    assert SCHEMA["properties"]["protocol"]["const"] == constants["PROTOCOL"]
    assert SCHEMA["$defs"]["field"]["enum"] == constants["FIELDS"]
    assert SCHEMA["$defs"]["locale"]["enum"] == constants["LOCALES"]


def test_the_schema_documents_the_shared_error_types_and_style_allow_list(shared):
    values = shared
    assert SCHEMA["$defs"]["error"]["properties"]["type"]["enum"] == list(
        values["errors"]["ERROR_TYPES"].values()
    )
    styles = values["styles"]
    names = SCHEMA["$defs"]["styleBlock"]["propertyNames"]["enum"]
    assert names == styles["STYLE_PROPERTIES"] + styles["STYLE_PSEUDOS"]
    assert SCHEMA["$defs"]["style"]["propertyNames"]["enum"] == styles["STYLE_VARIANTS"]


def test_error_codes_are_unique_and_snake_case(shared):
    codes = list(shared["errors"]["ERROR_CODES"].values())
    assert len(codes) == len(set(codes))
    assert all(code.replace("_", "").isalpha() and code.islower() for code in codes)


def test_the_fields_brand_table_matches_the_psps(shared):
    js = {brand["name"]: brand for brand in shared["BRANDS"]}
    assert list(js) == [brand.name for brand in ALL_BRANDS]
    for brand in ALL_BRANDS:
        mirrored = js[brand.name]
        assert set(mirrored["lengths"]) == set(brand.lengths)
        assert mirrored["cvcLength"] == brand.cvc_length
        assert [tuple(pair) for pair in mirrored["prefixes"]] == list(brand.prefixes)
        assert tuple(mirrored["groups"]) == brand.groups


def test_the_psp_serves_a_page_for_each_shared_field_name(shared):
    assert list(FIELD_NAMES) == shared["constants"]["FIELDS"]


def test_the_sdk_offers_exactly_the_locales_the_psp_pages_speak(shared):
    assert shared["constants"]["LOCALES"] == list(locales())


def test_the_psp_challenge_pages_result_message_is_the_sdks_and_fits_the_schema(shared):
    import re

    from fincore.common.merchants import new_merchant
    from fincore.psp import challenge_page

    assert shared["constants"]["MESSAGES"]["THREE_DS_RESULT"] == challenge_page.RESULT_MESSAGE
    assert shared["constants"]["PROTOCOL"] == challenge_page.PROTOCOL
    merchant = new_merchant("acct_x", "X", ["https://shop.example"])
    page = challenge_page.result(
        merchant, "https://shop.example", "a" * 32, "ch_" + "0" * 32, "failed"
    )
    message = json.loads(re.search(r"var message = (\{.*\});", page.body).group(1))
    Draft202012Validator(SCHEMA).validate(message)
