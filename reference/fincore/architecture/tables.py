"""Markdown tables generated from the model: the mapping table and the relation catalogues."""

from collections.abc import Sequence

from fincore.architecture.model import ArchitectureModel

MAPPING_HEADER = ("Logical Component", "Physical Resource", "Rationale")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A left-aligned GitHub Markdown table; ``|`` inside cells is escaped."""
    lines = [_row(header), _row([":---"] * len(header))]
    lines += [_row(row) for row in rows]
    return "\n".join(lines) + "\n"


def mapping_rows(model: ArchitectureModel) -> list[tuple[str, str, str]]:
    """The component-to-resource table of docs/architecture.md, one row a mapping, in order."""
    names = {e.id: e.name for e in model.elements} | {b.id: b.name for b in model.boundaries}
    rows = []
    for mapping in model.mappings:
        heading = f"**{mapping.rationale_heading}:** " if mapping.rationale_heading else ""
        rows.append(
            (
                f"**{names[mapping.logical]}**",
                f"**{mapping.resource}**",
                heading + mapping.rationale,
            )
        )
    return rows


def mapping_table(model: ArchitectureModel) -> str:
    """The component-to-resource mapping as Markdown."""
    return markdown_table(MAPPING_HEADER, mapping_rows(model))


def relations_table(model: ArchitectureModel) -> str:
    """Every logical relation with its protocol and whether it may carry card data."""
    header = ("Step", "From", "To", "Interaction", "Protocol", "Card data")
    rows = [
        (
            r.step or "",
            model.element(r.source).name,
            model.element(r.target).name,
            r.label,
            r.protocol,
            "**yes**" if r.carries_card_data else "no",
        )
        for r in model.numbered()
    ]
    return markdown_table(header, rows)


def physical_relations_table(model: ArchitectureModel) -> str:
    """Every physical request, with the logical steps it carries out."""
    names = {n.id: n.name for n in model.deployment_nodes}
    header = ("Step", "From", "To", "Request", "Realizes logical steps", "Card data")
    rows = [
        (
            r.step or "",
            names[r.source],
            names[r.target],
            r.label,
            ", ".join(r.realizes),
            "**yes**" if r.carries_card_data else "no",
        )
        for r in model.physical_relations
    ]
    return markdown_table(header, rows)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
