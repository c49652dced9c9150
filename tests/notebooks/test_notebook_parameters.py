"""Every notebook, run by papermill with non-default parameters, tells that story.

A declining card and another currency, given the way a shell user gives them (the papermill
command, run from a folder outside the repository, the card number typed as digits, which
papermill turns into an int, and the amount as a raw string): the sections that branch on the
card's outcome must claim the decline (and pass), and the outputs must say it in the shopper's
words and the currency's units. A parameter that cannot be used stops the notebook in its
validation cell, naming the parameter. One notebook also runs against "another deployment": a
stack it did not start.
"""

import subprocess
import sys
from pathlib import Path

import httpx
import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from fincore.cards.decline_codes import decline_message
from fincore.cards.test_cards import INSUFFICIENT_FUNDS_PAN
from fincore.lab.notebooks import execute, notebook_paths

# papermill -p card 4000000000009995 -p currency jpy -r amount 1500
DECLINING_FROM_A_SHELL = ["-p", "card", INSUFFICIENT_FUNDS_PAN, "-p", "currency", "jpy"]
DECLINING_FROM_A_SHELL += ["-r", "amount", "1500"]
# What the outputs must say with DECLINING, per notebook; a notebook without an entry must tell
# the generic story below (add an entry when a notebook tells it differently).
STORY = [
    "INSUFFICIENT_FUNDS_PAN was declined (insufficient_funds)",
    decline_message("insufficient_funds"),
    "1500 JPY",
]
STORIES: dict[str, list[str]] = {
    # The architecture overview charges nothing: it states the scope whatever the card.
    "00_architecture_overview": [
        "May ever see a card number: PSP's Iframe, Payment Service Provider"
    ],
    # The review charges nothing: its decisions and sizing are the same whatever the card.
    "06_architecture_review": ["decisions on record, all accepted"],
    # The load run charges fixed amounts; the decline does not change what it measures.
    "05_performance": ["pay (charge hop + writes)"],
}
NEVER = ["INSUFFICIENT_FUNDS_PAN was charged"]


def printed(path) -> str:
    """Everything the executed notebook showed: streams and the plain-text form of results."""
    shown = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            shown.append(output.get("text", ""))
            shown.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(shown)


def papermill_command(source: Path, output: Path, *parameters: str) -> list[str]:
    return [sys.executable, "-m", "papermill", "--no-progress-bar", str(source), str(output)] + [
        *parameters
    ]


@pytest.mark.parametrize("source", notebook_paths(), ids=lambda path: path.stem)
def test_a_declining_card_in_another_currency_tells_the_decline_story(source, tmp_path):
    output = tmp_path / source.name
    command = papermill_command(source, output, *DECLINING_FROM_A_SHELL)
    # From a folder outside the repository: paths must come from the package, not from here.
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"{source.name}: {run.stderr[-2000:]}"
    shown = printed(output)
    for sentence in STORIES.get(source.stem, STORY):
        assert sentence in shown, f"{source.name} never says {sentence!r}"
    for sentence in NEVER:
        assert sentence not in shown, f"{source.name} says {sentence!r}"


@pytest.mark.parametrize("source", notebook_paths(), ids=lambda path: path.stem)
def test_a_bad_parameter_stops_the_validation_cell_naming_it(source, tmp_path):
    with pytest.raises(PapermillExecutionError) as stopped:
        papermill.execute_notebook(
            str(source), str(tmp_path / source.name), {"amount": "abc"}, progress_bar=False
        )
    cells = nbformat.read(tmp_path / source.name, as_version=4).cells
    failed = next(c for c in cells if c.get("execution_count") == stopped.value.exec_count)
    assert "check_parameters(globals())" in failed.source
    assert stopped.value.ename == "ParameterError"
    assert stopped.value.evalue.startswith("amount: expected a whole number of minor units")


def test_the_api_notebook_runs_against_another_deployment(stack, tmp_path):
    merchant = stack.info.merchants[1]
    deployment = {
        "psp_url": stack.info.psp_url,
        "payments_url": stack.info.payments_url,
        "publishable_key": merchant.publishable_key,
        "secret_key": merchant.secret_key,
    }
    source = next(p for p in notebook_paths() if p.stem == "02_payment_service_api")
    run = execute(source, tmp_path, deployment)
    assert run.error is None, run.error
    shown = printed(tmp_path / source.name)
    assert "Connected to the target deployment" in shown
    assert "skipped against deployment: needs fault_injection" in shown
    # Closing the notebook's connection left the deployment it did not start running.
    assert httpx.get(f"{stack.info.payments_url}/healthz").status_code == 200
