"""``begin``, ``run.section`` and ``run.summary``: a section the target cannot serve is skipped
out loud and listed; one that runs fails loudly on a broken claim; nothing passes silently."""

import json

import pytest

from fincore.lab.target import TargetError
from fincore.walkthrough import ClaimFailed, claim
from fincore.walkthrough.run import OPENING, Run, begin

STAGING = {
    "name": "staging",
    "psp_url": "https://psp.staging.example",
    "payments_url": "https://payments.staging.example",
    "publishable_key": "pk_test_abcdefabcdefabcdef",
    "secret_key": "sk_test_abcdefabcdefabcdef",
}


@pytest.fixture
def staging(tmp_path):
    path = tmp_path / "staging.json"
    path.write_text(json.dumps(STAGING), encoding="utf-8")
    return path


def test_a_section_needing_what_the_target_lacks_is_skipped_out_loud(staging, capsys):
    run = begin({"target": str(staging)})
    assert not run.section("Lost PSP answer", needs={"fault_injection", "psp_direct"})
    assert not run.ran("Lost PSP answer")
    printed = capsys.readouterr().out
    assert "skipped against staging: needs psp_direct, fault_injection" in printed
    summary = run.summary().as_json()
    assert summary["skipped"] == {"Lost PSP answer": ["psp_direct", "fault_injection"]}


def test_a_section_that_runs_counts_its_claims_and_the_summary_lists_them(staging):
    run = begin({"target": str(staging)})
    claim(True, "the guard refuses card numbers", step="10")
    assert run.section("Single-use tokens")
    claim(True, "a token pays once", step="10b")
    summary = run.summary()
    assert summary.as_json()["checked"] == {
        OPENING: {"claims": 1, "needs": []},
        "Single-use tokens": {"claims": 1, "needs": []},
    }
    assert "✓ step 10b: a token pays once" in summary.text()


def test_a_broken_claim_in_a_section_that_runs_still_fails():
    run = Run(None)
    assert run.section("Lost PSP answer", needs={"fault_injection"})
    with pytest.raises(ClaimFailed, match="one charge"):
        claim(False, "one charge")


def test_a_section_that_ran_without_a_claim_fails_the_summary():
    run = Run(None)
    run.section("Shown, never checked")
    with pytest.raises(ClaimFailed, match="Shown, never checked"):
        run.summary()


def test_without_chromium_a_browser_section_is_skipped_and_says_why(capsys):
    run = Run(None, run_browser=False)
    assert not run.section("The checkout in Chromium", browser=True)
    assert "needs run_browser is False" in capsys.readouterr().out


def test_the_bundled_stack_offers_every_capability():
    run = begin({"psp_url": None, "payments_url": None})
    assert run.name == "bundled-stack"
    assert run.section(
        "Everything", needs={"bundled_internals", "fault_injection", "merchant_page"}
    )


def test_a_url_that_contradicts_the_target_is_refused(staging):
    with pytest.raises(TargetError, match="psp_url contradict"):
        begin({"target": str(staging), "psp_url": "https://elsewhere.example"})


def test_a_url_that_repeats_the_target_is_accepted(staging):
    assert begin({"target": str(staging), "psp_url": STAGING["psp_url"] + "/"}).name == "staging"


def test_urls_alone_describe_a_bare_target():
    run = begin(
        {
            "psp_url": STAGING["psp_url"],
            "payments_url": STAGING["payments_url"],
            "publishable_key": STAGING["publishable_key"],
            "secret_key": STAGING["secret_key"],
        }
    )
    assert run.name == "deployment" and run.lacks({"psp_direct"}) == ["psp_direct"]


def test_a_section_title_names_one_section():
    run = Run(None)
    run.section("Twice")
    with pytest.raises(ValueError, match="started twice"):
        run.section("Twice")


def test_begin_and_the_connection_never_show_a_secret_key(stack, tmp_path, capsys):
    target = tmp_path / "target.json"
    stack.write_ready_file(target)
    run = begin({"target": str(target), "run_browser": False})
    conn = run.connect()
    shown = capsys.readouterr().out + repr(conn) + repr(conn.target)
    conn.close()
    for merchant in stack.info.merchants:
        assert merchant.secret_key not in shown
    assert stack.info.platform_key not in shown
