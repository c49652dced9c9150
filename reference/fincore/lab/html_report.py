"""The HTML report of the executed notebooks: offline pages and an index that says what to read.

nbconvert's pages load MathJax, require.js and Mermaid from a public CDN; with no network the
Mermaid outputs stay blank. :func:`offline_page` renders each Mermaid block to SVG here, with the
vendored ``mermaid.min.js`` in the system Chromium (:class:`~fincore.architecture.browser.
MermaidRenderer`), inlines it, and drops every script that would fetch from another host, so a
page asks nothing of any host but its own. :func:`index_page` lists the notebooks in reading
order with who each is for, read from each notebook's own opening cell.
"""

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Playwright comes with the diagrams extra; only the caller needs it
    from fincore.architecture.browser import MermaidRenderer

# Who reads what first. Architects: the views, the review, then the evidence; engineers: the
# flow, the API, then failure and load. Notebooks not listed follow in file order.
READING_ORDER = (
    ("00_architecture_overview", "start here: the design and its views"),
    ("01_tokenization_flow", "the ten steps running, in a real browser"),
    ("06_architecture_review", "decisions, qualities, deployment and cost"),
    ("03_security_and_pci_scope", "the evidence for the PCI scope"),
    ("02_payment_service_api", "integrating a merchant backend"),
    ("04_failure_modes", "what happens when the PSP misbehaves"),
    ("07_payment_lifecycle", "capture, refunds, and the webhooks that report them"),
    ("05_performance", "what the design costs in time and bytes"),
)
_MERMAID_BLOCK = re.compile(r'<pre class="mermaid">\s*(.*?)</pre>', re.S)
# <script src="https://..."></script>, and the module script that imports Mermaid from a CDN.
_REMOTE_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', re.S)
_MODULE_SCRIPT = re.compile(
    r'<script type="module">(?:(?!</script>).)*?https?://.*?</script>', re.S
)


@dataclass(frozen=True)
class Entry:
    """One line of the index."""

    name: str
    title: str
    audience: str
    why: str
    seconds: float
    error: str | None


def offline_page(page: str, renderer: "MermaidRenderer", prefix: str) -> str:
    """``page`` with Mermaid blocks as inline SVG and no script fetched from another host."""
    count = 0

    def render(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        source = html.unescape(match[1]).strip() + "\n"
        svg = renderer.render(f"{prefix}-mermaid-{count}", source).svg
        return f'<div class="fincore-diagram" style="overflow-x:auto">{svg}</div>'

    page = _MERMAID_BLOCK.sub(render, page)
    page = _REMOTE_SCRIPT.sub("", page)
    return _MODULE_SCRIPT.sub("", page)


def audience_of(notebook: Path) -> str:
    """The ``**For:**`` line of a notebook's opening cell."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    opening = "".join(cells[0]["source"]) if cells else ""
    found = re.search(r"^\*\*For:\*\* (.+)$", opening, flags=re.M)
    return found[1].strip() if found else ""


def ordered(names: Sequence[str]) -> list[tuple[str, str]]:
    """``(name, why)`` in reading order; names the order does not know come last."""
    known = [(name, why) for name, why in READING_ORDER if name in names]
    listed = {name for name, _ in known}
    return known + [(name, "") for name in names if name not in listed]


def index_page(entries: Sequence[Entry]) -> str:
    """The report's ``index.html``: a table in reading order, with failures shown."""
    rows = []
    for number, entry in enumerate(entries, start=1):
        status = (
            f"<strong>failed:</strong> <code>{html.escape(entry.error)}</code>"
            if entry.error
            else f"{entry.seconds:.1f} s"
        )
        rows.append(
            f"<tr><td>{number}</td>"
            f'<td><a href="{entry.name}.html">{html.escape(entry.title)}</a>'
            f"<br><small>{html.escape(entry.why)}</small></td>"
            f"<td>{html.escape(entry.audience)}</td><td>{status}</td></tr>"
        )
    failed = sum(1 for entry in entries if entry.error)
    total = sum(entry.seconds for entry in entries)
    summary = f"{len(entries)} notebooks executed in {total:.1f} s" + (
        f", {failed} failed" if failed else ""
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>FinCore Tokenization Lab</title>"
        "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto}"
        "td,th{padding:.4em .8em;text-align:left;vertical-align:top;border-bottom:1px solid #ddd}"
        "</style></head><body>"
        "<h1>FinCore Tokenization Lab: executed notebooks</h1>"
        f"<p>{html.escape(summary)}. Read them in this order; each says who it is for. "
        "Everything on these pages is local: the diagrams are drawn in advance, and nothing "
        "is fetched from another host.</p>"
        "<table><thead><tr><th>#</th><th>notebook</th><th>for</th><th>run</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></body></html>"
    )
