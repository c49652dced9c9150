"""A failed claim tells a reviewer which step broke, what was claimed, and what happened."""

import httpx
import pytest

from fincore.lab.clients import ApiResponse
from fincore.walkthrough import ClaimFailed, claim, confirm


def test_a_true_claim_is_silent():
    assert claim(1 + 1 == 2, "arithmetic works", step="10") is None


def test_a_false_claim_names_the_step_the_statement_and_the_observation():
    response = ApiResponse(201, {"status": "succeeded"}, httpx.Headers())
    with pytest.raises(ClaimFailed) as failure:
        claim(response.status == 402, "a declined card answers 402", step="10", observed=response)
    message = str(failure.value)
    assert "step 10: a declined card answers 402" in message
    assert "Observed instead: HTTP 201 {'status': 'succeeded'}" in message


def test_a_failed_claim_is_an_assertion_error_so_any_runner_reports_it():
    with pytest.raises(AssertionError, match="no step named"):
        claim(False, "no step named")


def test_claims_hold_under_python_dash_o():
    # Unlike ``assert``, a claim is an ordinary call: optimisation cannot remove it.
    import subprocess
    import sys

    code = "from fincore.walkthrough import claim; claim(False, 'still checked')"
    result = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    assert "still checked" in result.stderr


def test_long_observations_are_shortened():
    with pytest.raises(ClaimFailed) as failure:
        claim(False, "short", observed="x" * 5000)
    assert len(str(failure.value)) < 800


def test_a_confirmed_claim_prints_one_check_line_naming_the_step(capsys):
    confirm(True, "the token is single-use", step="10")
    assert capsys.readouterr().out == "✓ step 10: the token is single-use\n"


def test_a_false_confirmation_fails_and_prints_no_check_line(capsys):
    with pytest.raises(ClaimFailed, match="step 6: the token names the last four digits"):
        confirm(False, "the token names the last four digits", step="6")
    assert "✓" not in capsys.readouterr().out
