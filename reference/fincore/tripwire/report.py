"""The tripwire report: which out-of-scope component saw a card number, where, in what encoding.

Built from what components received (a ``TrafficRecorder``) and what they wrote (their data
folders: databases and logs). Cards are named by their last four digits only, so the report can
be printed, stored and shown in a notebook.
"""

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from fincore.tripwire.recorder import TrafficRecorder
from fincore.tripwire.scan import Finding, files_below, scan_database, scan_tree

# The data folders (under a stack's data_dir) of the components outside PCI scope.
OUT_OF_SCOPE = ("merchant", "payments", "cdn")
COLUMNS = ("Component", "Where", "Encoding", "Card")


@dataclass(frozen=True)
class TripwireReport:
    findings: tuple[Finding, ...]
    # What was looked at, e.g. "payments received 12 requests", so an empty report means something.
    scanned: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no card number was found anywhere."""
        return not self.findings

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [(f.component, f.where, f.encoding, f"•••• {f.last4}") for f in self.findings]

    def summary(self) -> str:
        count = len(self.findings)
        verdict = "no card number found" if self.ok else f"{_count(count, 'card number')} found"
        return f"PAN tripwire: {verdict} ({'; '.join(self.scanned) or 'nothing scanned'})."

    def to_markdown(self) -> str:
        lines = [f"**{self.summary()}**"]
        if self.findings:
            lines += ["", _md_row(COLUMNS), _md_row(("---",) * len(COLUMNS))]
            lines += [_md_row(row) for row in self.rows()]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        summary = f"<p><strong>{html.escape(self.summary())}</strong></p>"
        if not self.findings:
            return summary
        head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in self.rows()
        )
        return f"{summary}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    # Jupyter shows these instead of the dataclass repr.
    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_markdown()


def build_report(
    recorder: TrafficRecorder | None = None,
    folders: Mapping[str, Path] | None = None,
    databases: Mapping[str, str] | None = None,
) -> TripwireReport:
    """Scan what ``recorder`` saw, every file in ``folders`` (component name -> folder) and every
    value in ``databases`` (component name -> database server URL)."""
    findings: list[Finding] = []
    scanned: list[str] = []
    if recorder is not None:
        findings += recorder.findings()
        counts = sorted(recorder.counts().items())
        scanned += [f"{name} received {_count(n, 'request')}" for name, n in counts]
    for component, folder in sorted((folders or {}).items()):
        findings += scan_tree(folder, component)
        files = sum(1 for _ in files_below(folder))
        scanned.append(f"{component} wrote {_count(files, 'file')}")
    for component, url in sorted((databases or {}).items()):
        findings += scan_database(url, component)
        scanned.append(f"{component} database read")
    return TripwireReport(tuple(findings), tuple(scanned))


def stack_folders(data_dir: Path, components: tuple[str, ...] = OUT_OF_SCOPE) -> dict[str, Path]:
    """The data folders of out-of-scope components under a local stack's ``data_dir``: each
    component's own, and each instance's of a scaled-out one (``payments-0``, ``payments-1``)."""
    folders = {name: data_dir / name for name in components if (data_dir / name).is_dir()}
    for name in components:
        for instance in sorted(data_dir.glob(f"{name}-*")):
            if instance.is_dir():
                folders[instance.name] = instance
    return folders


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
