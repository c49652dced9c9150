"""Every generated view says what the architecture document's diagrams and table say."""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fincore.architecture import ArchitectureModel, mermaid_views, tables
from fincore.architecture.graphviz_views import LEGEND_ID
from fincore.walkthrough.repository import repository_root

CHARGE_EDGE = ("payment_service", "psp", "10b. Charges the token")
PHYSICAL_CHARGE_EDGE = ("task", "nat", "6b. Charge API call")
SVG = "{http://www.w3.org/2000/svg}"


def test_c4_view_has_the_documents_nodes_boxes_and_numbered_edges(
    model: ArchitectureModel, design_logical: Any, flowchart_reader: Callable[[str], Any]
) -> None:
    generated = flowchart_reader(mermaid_views.c4_component_view(model))
    assert generated.first_lines() == design_logical.first_lines()
    assert generated.subgraphs == design_logical.subgraphs
    assert generated.parents == design_logical.parents
    assert generated.edges == design_logical.edges
    assert CHARGE_EDGE in generated.edges
    assert generated.steps() == [
        *(str(n) for n in range(1, 11)),
        *("10b", "11", "11b", "12", "12b", "13", "14"),
        *("15", "15b", "16", "16b", "17"),
    ]


def test_deployment_view_has_the_documents_resources_groups_and_requests(
    model: ArchitectureModel, design_deployment: Any, flowchart_reader: Callable[[str], Any]
) -> None:
    generated = flowchart_reader(mermaid_views.deployment_view(model))
    assert generated.labels == design_deployment.labels
    assert generated.subgraphs == design_deployment.subgraphs
    assert generated.parents == design_deployment.parents
    assert generated.edges == design_deployment.edges
    assert PHYSICAL_CHARGE_EDGE in generated.edges
    assert generated.steps() == ["1", "2", "3", "4", "5", "6", "6b", "7", "8"]
    # Only the PSP's host may receive card data, so it alone is outlined as PCI scope.
    assert "\tclass psp_api pci\n" in mermaid_views.deployment_view(model)


def test_card_carrying_edges_are_drawn_thick_and_red(model: ArchitectureModel) -> None:
    text = mermaid_views.c4_component_view(model)
    thick = re.findall(r"^\t(\w+) ==>\|\"(\d+)\. ", text, flags=re.M)
    assert thick == [("user", "4"), ("psp_iframe", "5")]
    assert "\tlinkStyle 3,4 stroke:#c0392b" in text
    assert "\tclass psp_iframe,psp pci" in text


def test_sequence_view_lists_the_flow_in_order_with_the_charge_last(
    model: ArchitectureModel,
) -> None:
    text = mermaid_views.sequence_view(model)
    messages = re.findall(r"^\t(\w+)->>(\w+): (\S+)\. ", text, flags=re.M)
    assert [step for _, _, step in messages] == [r.step for r in model.flow()]
    charge = [m for m in messages if not m[2].startswith(("15", "16", "17"))][-1]
    assert charge == ("payment_service", "psp", "10b")
    assert "\tactor user as User\n" in text
    # Boxes cannot nest in a sequence diagram: the browser is drawn as its two origins.
    assert "\tbox transparent Merchant origin (checkout page)\n" in text
    box = text.split("\tbox transparent PSP origin (PCI scope)\n", 1)[1].split("\tend\n", 1)[0]
    assert re.findall(r"participant (\w+)", box) == ["psp_challenge", "psp_iframe"]
    assert "Client's Web Browser" not in text
    assert "Note over psp_iframe,psp: Card data only on steps 4, 5." in text


def test_scenario_views_box_their_participants_by_origin(model: ArchitectureModel) -> None:
    for scenario in model.scenarios:
        text = mermaid_views.scenario_view(model, scenario)
        assert "\tbox transparent Merchant origin (checkout page)\n" in text, scenario.id


def test_mapping_table_is_the_documents_table(
    model: ArchitectureModel,
    design_mapping: list[list[str]],
    table_reader: Callable[[str], list[list[str]]],
) -> None:
    assert table_reader(tables.mapping_table(model)) == design_mapping


@pytest.mark.browser  # the `rendered` fixture regenerates everything
def test_generated_mapping_file_holds_the_table(
    rendered: Path, design_mapping: list[list[str]], table_reader: Callable[[str], list[list[str]]]
) -> None:
    assert table_reader((rendered / "mapping.md").read_text(encoding="utf-8")) == design_mapping


@pytest.mark.browser  # the `rendered` fixture regenerates everything
def test_readme_embeds_every_mermaid_source_and_links_every_image(
    rendered: Path, model: ArchitectureModel
) -> None:
    readme = (rendered / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", readme, flags=re.S)
    sources = [
        (rendered / f"{stem}.mmd").read_text(encoding="utf-8")
        for stem in ("c4-component", "deployment", "sequence", *(s.id for s in model.scenarios))
    ]
    assert blocks == sources
    targets = set(re.findall(r"\]\(([^)]+)\)", readme))
    images = {p.name for p in rendered.iterdir() if p.suffix in {".svg", ".png", ".mmd"}}
    assert images <= targets
    assert all((rendered / target).exists() for target in targets)


@pytest.mark.browser  # the `rendered` fixture regenerates everything
def test_aws_view_svg_is_self_contained_with_model_ids(
    model: ArchitectureModel, rendered: Path
) -> None:
    svg = (rendered / "deployment-aws.svg").read_text(encoding="utf-8")
    assert "site-packages" not in svg and 'xlink:href="/' not in svg
    assert svg.count('xlink:href="data:image/png;base64,') == len(model.deployment_nodes)
    assert _graphviz_titles(rendered / "deployment-aws.svg", "node") == {
        n.id for n in model.deployment_nodes
    } | {LEGEND_ID}
    assert "Legend" in svg and "the only request carrying card data" in svg
    edges = _graphviz_titles(rendered / "deployment-aws.svg", "edge")
    assert edges == {f"{r.source}->{r.target}" for r in model.physical_relations}
    for relation in model.physical_relations:
        if relation.step:
            assert f">{relation.step}. {relation.label}<" in svg.replace("&amp;", "&")


@pytest.mark.browser  # the `rendered` fixture regenerates everything
def test_c4_graphviz_view_has_every_element_and_relation(
    model: ArchitectureModel, rendered: Path
) -> None:
    svg_path = rendered / "c4-component-graphviz.svg"
    assert _graphviz_titles(svg_path, "node") == {e.id for e in model.elements} | {LEGEND_ID}
    edges = {f"{r.source}->{r.target}" for r in model.numbered()}
    assert _graphviz_titles(svg_path, "edge") == edges
    clusters = _graphviz_titles(svg_path, "cluster")
    assert clusters == {f"cluster_{b.name}" for b in model.boundaries} | {"cluster_Legend"}


def _graphviz_titles(path: Path, kind: str) -> set[str]:
    """Titles of Graphviz SVG groups of one class: node ids, "a->b" edges or cluster names."""
    root = ET.parse(path).getroot()
    groups = root.iter(f"{SVG}g")
    return {
        # An edge's title may end in the port it enters by (":w"), which is not part of its name.
        (g.findtext(f"{SVG}title") or "").replace("&#45;", "-").split(":")[0]
        for g in groups
        if g.get("class") == kind
    }


def test_documents_step_tables_are_the_models_flow_and_realizations(
    model: ArchitectureModel, design_text: str, table_reader: Callable[[str], list[list[str]]]
) -> None:
    steps = table_reader(design_text.split("## The steps", 1)[1].split("\n## ", 1)[0])
    assert [row[0] for row in steps[1:]] == [r.step for r in model.flow()]
    later = table_reader(design_text.split("## After the checkout", 1)[1].split("\n## ", 1)[0])
    assert [row[0] for row in later[1:]] == [r.step for r in model.after_checkout()]
    physical = table_reader(design_text.split("| physical request |", 1)[1].split("\n\n", 1)[0])
    assert [(row[0], row[1]) for row in physical] == [
        (f"{r.step}. {r.label}", ", ".join(r.realizes)) for r in model.physical_relations if r.step
    ]


def test_scenarios_draw_success_decline_and_pending_with_their_answers(
    model: ArchitectureModel,
) -> None:
    views = {s.id: mermaid_views.scenario_view(model, s) for s in model.scenarios}
    assert set(views) == {
        "sequence-success",
        "sequence-decline",
        "sequence-pending",
        "sequence-three-d-secure",
    }
    for text in views.values():
        # Each starts at step 9 and makes the real requests of steps 10 and 10b.
        requests = re.findall(r"^\t(\w+)->>(\w+): (\S+)\. ", text, flags=re.M)
        assert requests[:3] == [
            ("merchant_frontend", "api_client", "9"),
            ("api_client", "payment_service", "10"),
            ("payment_service", "psp", "10b"),
        ]
    assert "payment_service-->>api_client: 201 payment succeeded" in views["sequence-success"]
    assert "payment_service-->>api_client: 402 card_error" in views["sequence-decline"]
    pending = views["sequence-pending"]
    assert "\tpsp--xpayment_service: answer lost" in pending
    lost, accepted = pending.index("--xpayment_service"), pending.index("202 payment pending")
    resolved = pending.index("GET charge made with key = payment id")
    assert lost < accepted < resolved
    # No scenario ever sends card data: none involves the card iframe, and the shopper appears
    # only to answer the 3-D Secure challenge (a click, no card data).
    assert all("psp_iframe" not in text for text in views.values())
    assert [name for name, text in views.items() if "user" in text] == ["sequence-three-d-secure"]
    three_ds = views["sequence-three-d-secure"]
    steps = re.findall(r"^\t\w+->>\w+: (1[5-7]b?)\. ", three_ds, flags=re.M)
    assert steps == ["15", "15b", "16", "16b", "17"]
    assert three_ds.index("202 requires_action") < three_ds.index("15. ")


def test_scenario_step_drawn_between_the_wrong_components_is_refused(
    model: ArchitectureModel,
) -> None:
    import dataclasses

    from fincore.architecture import InvalidStepError
    from fincore.architecture.model import Message, Scenario

    wrong = Scenario("bad", "bad", (Message("api_client", "psp", "10. charge", step="10"),))
    with pytest.raises(InvalidStepError, match="draws step 10 as api_client -> psp"):
        dataclasses.replace(model, scenarios=(wrong,))


def test_the_pci_scope_is_drawn_as_a_boundary_around_the_psps_resources(
    model: ArchitectureModel,
) -> None:
    assert mermaid_views.pci_boundaries(model) == {"psp_infrastructure"}
    text = mermaid_views.deployment_view(model)
    assert "\tclass psp_infrastructure pciboundary\n" in text
    assert "psp_infrastructure" not in text.split("\tclass ", 1)[1].split(" boundary\n", 1)[0]


def test_the_readme_says_where_step_numbers_differ_and_how_the_physical_view_counts(
    model: ArchitectureModel,
) -> None:
    # "Numbered the same everywhere" would be false: the physical view counts requests.
    readme = " ".join((repository_root() / "README.md").read_text(encoding="utf-8").split())
    assert "numbered the same everywhere" not in readme
    steps = [r.step for r in model.physical_relations if r.step]
    whole = [s for s in steps if s.isdigit()]
    extra = [s for s in steps if not s.isdigit()]
    assert (
        f"counts requests on the wire instead ({whole[0]}-{whole[-1]} and {', '.join(extra)})"
        in readme
    )
