"""The model says what the architecture document says; bad models are refused when built."""

import dataclasses

import pytest

from fincore.architecture import (
    ArchitectureModel,
    Boundary,
    C4Kind,
    CardDataScopeError,
    DeploymentNode,
    DuplicateIdError,
    DuplicateStepError,
    Element,
    InvalidStepError,
    Mapping,
    ModelError,
    Relation,
    ResourceKind,
    UnknownReferenceError,
)
from fincore.architecture.validation import hosted_elements


def test_only_the_psp_iframe_and_the_psp_may_see_a_pan(model: ArchitectureModel) -> None:
    assert {e.id for e in model.elements if e.may_see_pan} == {"psp_iframe", "psp"}


def test_only_steps_4_and_5_carry_card_data(model: ArchitectureModel) -> None:
    card = [(r.step, r.source, r.target) for r in model.relations if r.carries_card_data]
    assert card == [("4", "user", "psp_iframe"), ("5", "psp_iframe", "psp")]


def test_flow_is_steps_1_to_10_then_the_charge(model: ArchitectureModel) -> None:
    steps = [r.step for r in model.flow() if not r.when]
    assert steps == [str(n) for n in range(1, 11)] + ["10b"]
    charge = [r for r in model.flow() if not r.when][-1]
    assert (charge.source, charge.target) == ("payment_service", "psp")
    # 3-D Secure, only when the PSP asks for it: steps 15-17 after the charge.
    three_ds = [r.step for r in model.flow() if r.when == "3-D Secure"]
    assert three_ds == ["15", "15b", "16", "16b", "17"]


def test_after_the_checkout_come_capture_refund_then_the_webhook_without_card_data(
    model: ArchitectureModel,
) -> None:
    after = ["11", "11b", "12", "12b", "13", "14"]
    later = model.after_checkout()
    assert [r.step for r in later] == after
    assert len(model.numbered()) == len(model.flow()) + len(later)
    assert [(r.source, r.target) for r in later[:4]] == [
        ("api_client", "payment_service"),
        ("payment_service", "psp"),
    ] * 2
    assert [(r.source, r.target) for r in later[4:]] == [
        ("payment_service", "api_client"),
        ("api_client", "merchant_orders"),
    ]
    assert not any(r.carries_card_data for r in later)


def test_every_element_has_a_c4_kind_and_the_user_is_a_person(model: ArchitectureModel) -> None:
    assert model.element("user").kind is C4Kind.PERSON
    assert model.element("psp").kind is C4Kind.EXTERNAL_SYSTEM
    assert model.boundary("fincore_js_sdk").parent == "merchant_origin"
    assert model.boundary("merchant_origin").parent == model.boundary("psp_origin").parent


def test_each_physical_request_realizes_logical_steps(model: ArchitectureModel) -> None:
    realized = {step for r in model.physical_relations for step in r.realizes}
    # Typing, clicking, postMessage and callbacks never leave the browser.
    browser_only = {"4", "7", "8", "15b", "16b", "17"}
    in_the_backend = {"14"}  # the merchant verifies a webhook where it received it
    assert realized == {r.step for r in model.numbered()} - browser_only - in_the_backend
    card = [r.step for r in model.physical_relations if r.carries_card_data]
    assert card == ["4"]


def test_card_data_lands_only_on_resources_hosting_pci_components(model: ArchitectureModel) -> None:
    hosted = hosted_elements(model)
    assert hosted["psp_api"] == {"psp_iframe", "psp"}
    # The SDK bundle ships from S3/CloudFront; its PSP iframe does not.
    assert hosted["s3"] == hosted["cdn"] == {"sdk_core"}
    assert hosted["task"] == {"payment_service"}


def _with(model: ArchitectureModel, **changes: object) -> ArchitectureModel:
    return dataclasses.replace(model, **changes)  # type: ignore[arg-type]


def test_edge_to_unknown_component_is_refused(model: ArchitectureModel) -> None:
    ghost = Relation("11", "api_client", "fraud_engine", "Scores the payment")
    with pytest.raises(UnknownReferenceError, match="fraud_engine") as refused:
        _with(model, relations=(*model.relations, ghost))
    assert refused.value.culprit == "fraud_engine"
    assert "step 11 api_client -> fraud_engine" in str(refused.value)


def test_duplicated_step_number_is_refused(model: ArchitectureModel) -> None:
    again = Relation("5", "merchant_frontend", "api_client", "Sends token again")
    with pytest.raises(DuplicateStepError, match="step 5 is claimed by both") as refused:
        _with(model, relations=(*model.relations, again))
    assert refused.value.culprit == "5"
    assert "psp_iframe -> psp" in str(refused.value)
    assert "merchant_frontend -> api_client" in str(refused.value)


def test_card_data_into_out_of_scope_component_is_refused(model: ArchitectureModel) -> None:
    leak = Relation(
        "19", "merchant_frontend", "payment_service", "Posts the card", carries_card_data=True
    )
    with pytest.raises(CardDataScopeError, match="outside PCI scope") as refused:
        _with(model, relations=(*model.relations, leak))
    assert refused.value.culprit == "payment_service"


def test_card_data_into_out_of_scope_resource_is_refused(model: ArchitectureModel) -> None:
    leak = Relation("9", "merchant_server", "alb", "POST card", carries_card_data=True)
    with pytest.raises(CardDataScopeError, match="'alb'") as refused:
        _with(model, physical_relations=(*model.physical_relations, leak))
    assert refused.value.culprit == "alb"


@pytest.mark.parametrize(
    ("changes", "error", "culprit"),
    [
        (
            {"elements": (Element("psp", "Another PSP", C4Kind.EXTERNAL_SYSTEM),)},
            DuplicateIdError,
            "psp",
        ),
        (
            {"elements": (Element("bank", "Bank", C4Kind.EXTERNAL_SYSTEM, boundary="moon"),)},
            UnknownReferenceError,
            "moon",
        ),
        (
            {"boundaries": (Boundary("inner", "Inner", parent="outer"),)},
            UnknownReferenceError,
            "outer",
        ),
        (
            {"relations": (Relation("eleven", "psp", "psp_iframe", "Again"),)},
            InvalidStepError,
            "eleven",
        ),
        (
            {"physical_relations": (Relation("9", "browser", "cdn", "GET", realizes=("42",)),)},
            UnknownReferenceError,
            "42",
        ),
        (
            {"deployment_nodes": (DeploymentNode("alb", "ALB 2", ResourceKind.LOAD_BALANCER),)},
            DuplicateIdError,
            "alb",
        ),
        (
            {"mappings": (Mapping("psp", "Mainframe", ("mainframe",), "Legacy"),)},
            UnknownReferenceError,
            "mainframe",
        ),
    ],
    ids=[
        "duplicate-element",
        "unknown-boundary",
        "parent-declared-later",
        "invalid-step",
        "unknown-realized-step",
        "duplicate-node",
        "unknown-mapped-node",
    ],
)
def test_inconsistent_model_is_refused_naming_the_culprit(
    model: ArchitectureModel, changes: dict[str, tuple[object, ...]], error: type, culprit: str
) -> None:
    extended = {name: (*getattr(model, name), *extra) for name, extra in changes.items()}
    with pytest.raises(error) as refused:
        _with(model, **extended)
    assert isinstance(refused.value, ModelError)
    assert refused.value.culprit == culprit
    assert repr(culprit) in str(refused.value)
