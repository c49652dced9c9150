"""Every notebook, run by papermill with non-default parameters, tells that story.

A declining card and another currency: the sections that branch on the card's outcome must claim
the decline (and pass), and the outputs must say it in the shopper's words and the currency's
units. One notebook also runs against "another deployment": a stack it did not start.
"""

import httpx
import nbformat
import pytest

from fincore.cards.decline_codes import decline_message
from fincore.notebooks import execute, notebook_paths

DECLINING = {"card": "INSUFFICIENT_FUNDS_PAN", "currency": "jpy", "amount": 1500}
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


@pytest.mark.parametrize("source", notebook_paths(), ids=lambda path: path.stem)
def test_a_declining_card_in_another_currency_tells_the_decline_story(source, tmp_path):
    run = execute(source, tmp_path, DECLINING)
    assert run.error is None, f"{source.name} with {DECLINING}: {run.error}"
    shown = printed(tmp_path / source.name)
    for sentence in STORIES.get(source.stem, STORY):
        assert sentence in shown, f"{source.name} never says {sentence!r}"
    for sentence in NEVER:
        assert sentence not in shown, f"{source.name} says {sentence!r}"


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
    assert "Connected to a deployment" in shown
    assert "Not shown against another deployment" in shown
    # Closing the notebook's connection left the deployment it did not start running.
    assert httpx.get(f"{stack.info.payments_url}/healthz").status_code == 200
