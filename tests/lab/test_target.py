"""The target file: what the notebooks accept, what they refuse with one line, its schema."""

import json

import pytest

from fincore.lab.notebooks import ROOT
from fincore.lab.notebooks import main as notebooks_main
from fincore.lab.stack import READY_FILE_CAPABILITIES, LocalStack, StackOptions
from fincore.lab.target import CAPABILITIES, TargetError, load_target, parse_target, target_schema

MINIMAL = {
    "name": "staging",
    "psp_url": "https://psp.staging.example",
    "payments_url": "https://payments.staging.example",
    "publishable_key": "pk_test_abcdefabcdefabcdef",
    "secret_key": "sk_test_abcdefabcdefabcdef",
}


def test_a_minimal_target_offers_no_capability():
    target = parse_target(MINIMAL)
    assert target.capabilities == []
    assert target.lacks({"fault_injection", "merchant_page"}) == [
        "merchant_page",
        "fault_injection",
    ]


def test_the_ready_file_of_fincore_up_is_a_target_with_every_capability_a_file_may_name(tmp_path):
    with LocalStack(StackOptions(data_dir=tmp_path / "stack")) as stack:
        stack.write_ready_file(tmp_path / "ready.json")
        target = load_target(tmp_path / "ready.json")
    assert target.name == "fincore-up"
    assert set(target.capabilities) == set(READY_FILE_CAPABILITIES)
    assert set(CAPABILITIES) - set(target.capabilities) == {"bundled_internals"}
    assert target.other_merchant is not None


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"coupon": "x"}, "unknown key 'coupon'"),
        ({"capabilities": ["time_travel"]}, "unknown capability 'time_travel'"),
        ({"capabilities": ["bundled_internals"]}, "offered only by the bundled stack"),
        ({"capabilities": ["fault_injection"]}, "capability fault_injection needs platform_key"),
        ({"capabilities": ["merchant_page"]}, "capability merchant_page needs merchant_url"),
        ({"capabilities": ["second_merchant"]}, "needs a second merchant"),
        ({"secret_key": "pk_test_wrong"}, "secret_key"),
    ],
)
def test_a_target_that_cannot_be_used_is_refused_with_one_line(change, refusal):
    with pytest.raises(TargetError) as refused:
        parse_target({**MINIMAL, **change}, "staging.json")
    message = str(refused.value)
    assert refusal in message and message.startswith("staging.json: ")
    assert "\n" not in message


def test_a_file_that_is_not_json_is_named(tmp_path):
    broken = tmp_path / "target.json"
    broken.write_text("{name: staging", encoding="utf-8")
    with pytest.raises(TargetError, match=r"target\.json: not JSON"):
        load_target(broken)


def test_a_target_never_shows_its_keys():
    target = parse_target({**MINIMAL, "platform_key": "sk_test_platformplatformplatform"})
    shown = repr(target) + str(target)
    assert MINIMAL["secret_key"] not in shown and MINIMAL["publishable_key"] not in shown
    assert "sk_test_platformplatformplatform" not in shown


def test_the_committed_schema_is_the_models():
    committed = json.loads((ROOT / "docs" / "target.schema.json").read_text(encoding="utf-8"))
    assert committed == target_schema(), "regenerate docs/target.schema.json from target_schema()"


def test_the_runner_refuses_a_bad_target_file_before_running_anything(tmp_path, capsys):
    broken = tmp_path / "target.json"
    broken.write_text(json.dumps({**MINIMAL, "capabilities": ["time_travel"]}), encoding="utf-8")
    assert notebooks_main(["run", "--target", str(broken), "--out", str(tmp_path / "out")]) == 2
    assert "unknown capability 'time_travel'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
