"""The notebooks' 3-D Secure tour: every scenario's outcome, frames, messages and events."""

import asyncio

import pytest

from fincore.architecture import check_conformance, fincore_model
from fincore.walkthrough.three_ds import three_ds_tour

pytestmark = pytest.mark.browser


def test_the_tour_runs_each_3ds_scenario_with_its_outcome_and_events(stack):
    runs = {run.scenario: run for run in asyncio.run(three_ds_tour(stack))}
    assert set(runs) == {
        "frictionless",
        "challenge, approved",
        "challenge, failed",
        "authentication unavailable",
    }
    approved, failed = runs["challenge, approved"], runs["challenge, failed"]
    assert approved.events == ["payment.requires_action", "payment.succeeded"]
    assert failed.events == ["payment.requires_action", "payment.failed"]
    assert runs["frictionless"].events == ["payment.succeeded"]
    assert (approved.result.authentication, failed.result.authentication) == ("succeeded", "failed")
    assert runs["frictionless"].result.challenge is None
    assert approved.row()[2] == "yes"
    model = fincore_model()
    report = check_conformance(model, approved.hops, {r.step for r in model.flow()})
    assert report.ok, report.to_markdown()
