"""A recorded trace is compared with the model: conforming checkouts pass, deviations are named."""

import re

import pytest

from fincore.architecture import (
    ArchitectureModel,
    ConformanceReport,
    Hop,
    Verdict,
    check_conformance,
    sequence_from_trace,
)

# A full checkout as the lead's recorders would report it (browser, SDK log, server middleware).
FULL_CHECKOUT = (
    Hop("merchant_frontend", "user", "GET", "/checkout", step=1),
    Hop("merchant_frontend", "sdk_core", "call", "FinCore.init", step=2),
    Hop("sdk_core", "psp_iframe", "GET", "/iframe/card-fields", step=3),
    Hop("user", "psp_iframe", "input", "card-number", step=4, carried_card_data=True),
    Hop("psp_iframe", "psp", "POST", "/v1/tokens", step=5, carried_card_data=True),
    Hop("psp", "psp_iframe", "201", "/v1/tokens", step=6),
    Hop("psp_iframe", "sdk_core", "postMessage", "fincore:tokenized", step=7),
    Hop("sdk_core", "merchant_frontend", "callback", "onToken", step=8),
    Hop("merchant_frontend", "api_client", "POST", "/pay", step=9),
    Hop("api_client", "payment_service", "POST", "/v1/payments", step=10),
    Hop("payment_service", "psp", "POST", "/v1/charges", step="10b"),
)
# What follows a checkout with manual capture: the capture (11) and a refund (12).
SETTLEMENT = (
    Hop("api_client", "payment_service", "POST", "/v1/payments/pay_1/capture", step=11),
    Hop("payment_service", "psp", "POST", "/v1/charges/ch_1/capture", step="11b"),
    Hop("api_client", "payment_service", "POST", "/v1/refunds", step=12),
    Hop("payment_service", "psp", "POST", "/v1/charges/ch_1/refunds", step="12b"),
)
# What follows each of them: its event delivered to the merchant backend, which verifies it.
WEBHOOK = (
    Hop("payment_service", "api_client", "POST", "/webhooks/fincore", step=13),
    Hop("api_client", "merchant_orders", "UPDATE", "orders", step=14),
)


def _row(report: ConformanceReport, prefix: str) -> tuple[bool, int, Verdict, str]:
    row = next(r for r in report.rows if r.relation.startswith(prefix))
    return row.modelled, row.observed, row.verdict, row.evidence


def test_full_checkout_conforms(model: ArchitectureModel) -> None:
    report = check_conformance(model, FULL_CHECKOUT)
    assert report.ok, report.to_markdown()
    # Steps after the checkout, and 3-D Secure's (only in some checkouts), are not required.
    checkout = {r.step for r in model.flow() if not r.when}
    expected = [Verdict.OK if r.step in checkout else Verdict.NOT_CHECKED for r in model.numbered()]
    assert [row.verdict for row in report.rows] == expected


def test_capture_and_refund_after_a_checkout_conform_step_by_step(
    model: ArchitectureModel,
) -> None:
    report = check_conformance(model, (*FULL_CHECKOUT, *SETTLEMENT, *WEBHOOK))
    expected = [Verdict.NOT_CHECKED if r.when else Verdict.OK for r in model.numbered()]
    assert [row.verdict for row in report.rows] == expected
    assert _row(report, "11b. ")[1:3] == (1, Verdict.OK)
    assert _row(report, "12. ")[3] == "POST /v1/refunds"


def test_a_webhook_after_a_checkout_conforms_and_is_required_only_when_asked(
    model: ArchitectureModel,
) -> None:
    report = check_conformance(model, (*FULL_CHECKOUT, *WEBHOOK))
    assert report.ok, report.to_markdown()
    assert _row(report, "13. ")[1:3] == (1, Verdict.OK)
    assert _row(report, "14. ")[1:3] == (1, Verdict.OK)
    missing = check_conformance(model, FULL_CHECKOUT, required_steps={"13", "14"})
    assert {row.relation.split(".")[0] for row in missing.violations} == {"13", "14"}


def test_capture_and_refund_are_required_only_when_asked(model: ArchitectureModel) -> None:
    required = {"11", "11b", "12", "12b"}
    report = check_conformance(model, FULL_CHECKOUT, required_steps=required)
    assert {row.relation.split(".")[0] for row in report.violations} == required
    assert _row(report, "5. ") == (True, 1, Verdict.OK, "POST /v1/tokens [card data]")


THREE_DS = (
    Hop("sdk_core", "psp_challenge", "GET", "/3ds/v1/charges/ch_1/challenge", step=15),
    Hop("user", "psp_challenge", "click", "Approve", step="15b"),
    Hop("psp_challenge", "psp", "POST", "/3ds/v1/charges/ch_1/challenge", step=16),
    Hop("psp_challenge", "sdk_core", "postMessage", "fincore:three-ds-result", step="16b"),
    Hop("sdk_core", "merchant_frontend", "promise", "handleNextAction", step=17),
    Hop("merchant_frontend", "api_client", "GET", "/api/checkout/pay_1"),
)


def test_a_3ds_checkout_conforms_and_a_plain_one_does_not_show_its_steps(
    model: ArchitectureModel,
) -> None:
    three_ds_steps = {r.step for r in model.flow() if r.when == "3-D Secure"}
    assert three_ds_steps == {"15", "15b", "16", "16b", "17"}
    every = {r.step for r in model.flow()}
    full = check_conformance(model, (*FULL_CHECKOUT, *THREE_DS), required_steps=every)
    assert full.ok, full.to_markdown()
    # A 3-D Secure checkout that skipped the challenge is named.
    skipped = check_conformance(model, FULL_CHECKOUT, required_steps=every)
    assert {row.verdict for row in skipped.violations} == {Verdict.NOT_OBSERVED}
    assert len(skipped.violations) == len(three_ds_steps)


def test_merchant_backend_calling_the_psp_directly_is_reported(model: ArchitectureModel) -> None:
    shortcut = Hop("api_client", "psp", "POST", "/v1/charges")
    report = check_conformance(model, (*FULL_CHECKOUT, shortcut))
    assert not report.ok
    assert [v.relation for v in report.violations] == ["api_client -> psp"]
    assert _row(report, "api_client -> psp") == (False, 1, Verdict.UNMODELLED, "POST /v1/charges")


def test_card_data_posted_to_the_payment_service_is_reported(model: ArchitectureModel) -> None:
    trace = list(FULL_CHECKOUT)
    trace[9] = Hop("api_client", "payment_service", "POST", "/v1/payments", 10, True)
    report = check_conformance(model, trace)
    assert not report.ok
    modelled, observed, verdict, evidence = _row(report, "10. ")
    assert (modelled, observed, verdict) == (True, 1, Verdict.CARD_DATA_NOT_ALLOWED)
    assert evidence == "POST /v1/payments [card data]"


def test_card_data_on_a_hop_the_model_lacks_is_reported(model: ArchitectureModel) -> None:
    leak = Hop("merchant_frontend", "payment_service", "POST", "/v1/cards", carried_card_data=True)
    report = check_conformance(model, (*FULL_CHECKOUT, leak))
    modelled, _, verdict, evidence = _row(report, "merchant_frontend -> payment_service")
    assert (modelled, verdict) == (False, Verdict.CARD_DATA_NOT_ALLOWED)
    assert "no such relation" in evidence


def test_missing_step_is_reported_unless_not_required(model: ArchitectureModel) -> None:
    without_charge = FULL_CHECKOUT[:-1]
    report = check_conformance(model, without_charge)
    assert [(v.relation, v.verdict) for v in report.violations] == [
        ("10b. Charges the token (payment_service -> psp)", Verdict.NOT_OBSERVED)
    ]
    http_only = [h for h in without_charge if h.method in {"GET", "POST", "201"}]
    partial = check_conformance(model, http_only, required_steps={"1", "3", "5", "6", "9", "10"})
    assert partial.ok
    assert _row(partial, "10b. ")[2] is Verdict.NOT_CHECKED


def test_hop_recorded_under_the_wrong_step_is_reported(model: ArchitectureModel) -> None:
    trace = list(FULL_CHECKOUT)
    trace[8] = Hop("merchant_frontend", "api_client", "POST", "/pay", step=7)
    report = check_conformance(model, trace)
    assert _row(report, "9. ")[2:] == (Verdict.STEP_MISMATCH, "POST /pay (recorded as step 7)")


def test_charge_recorded_as_step_10_matches_the_charge_relation(model: ArchitectureModel) -> None:
    trace = [*FULL_CHECKOUT[:-1], Hop("payment_service", "psp", "POST", "/v1/charges", step=10)]
    assert check_conformance(model, trace).ok


def test_report_renders_as_markdown_and_html(model: ArchitectureModel) -> None:
    shortcut = Hop("api_client", "psp", "POST", "/v1/charges?a=<b>")
    report = check_conformance(model, (*FULL_CHECKOUT, shortcut))
    markdown = report.to_markdown()
    assert markdown.splitlines()[0] == "| Relation | Modelled | Observed | Verdict | Evidence |"
    assert "| api_client -> psp | no | 1 | unmodelled hop | POST /v1/charges?a=<b> |" in markdown
    html = report._repr_html_()
    assert html.startswith("<table><tr><th>Relation</th><th>Modelled</th>")
    assert "?a=&lt;b&gt;" in html
    assert html.count("color:#c0392b") == 1


def test_hop_from_a_recorded_json_object() -> None:
    hop = Hop.from_dict(
        {
            "source": "psp_iframe",
            "target": "psp",
            "method": "POST",
            "path": "/v1/tokens",
            "step": 5,
            "carried_card_data": True,
            "status": 201,
        }
    )
    assert hop == Hop("psp_iframe", "psp", "POST", "/v1/tokens", 5, True)
    assert hop.detail == {"status": 201}


def test_sequence_from_trace_keeps_model_names_and_order(model: ArchitectureModel) -> None:
    text = sequence_from_trace(list(reversed(FULL_CHECKOUT)), model)
    participants = re.findall(r"^\t(?:actor|participant) (\w+) as (.+)$", text, flags=re.M)
    seen = {end for hop in FULL_CHECKOUT for end in (hop.source, hop.target)}
    assert participants == [(e.id, e.name) for e in model.elements if e.id in seen]
    messages = re.findall(r"^\t(\w+)->>(\w+): (.+)$", text, flags=re.M)
    assert messages[0] == ("payment_service", "psp", "10b. POST /v1/charges")
    assert messages[-1] == ("merchant_frontend", "user", "1. GET /checkout")
    assert ("psp_iframe", "psp", "5. POST /v1/tokens [card data]") in messages


@pytest.mark.parametrize("with_model", [True, False])
def test_sequence_from_trace_names_unknown_participants(
    model: ArchitectureModel, with_model: bool
) -> None:
    hops = [Hop("api_client", "fraud-engine", "POST", "/score")]
    text = sequence_from_trace(hops, model if with_model else None)
    assert "\tparticipant fraud_engine as fraud-engine\n" in text
    assert "\tapi_client->>fraud_engine: POST /score\n" in text
