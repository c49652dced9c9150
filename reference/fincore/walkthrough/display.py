"""What notebooks show: API responses as readable JSON and results as tables, volatile values
replaced by their stand-ins (see ``sanitize``), without pandas.

A ``Table`` renders as HTML in JupyterLab, on GitHub and in the nbconvert report, and as a
Markdown table in plain text; nbval compares both, so a table is a checked output.
"""

import html
import json
import re
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fincore.lab.clients import ApiResponse
from fincore.walkthrough.sanitize import sanitize

# Response headers worth showing: the rest (date, server, content-length) is transport noise.
SHOWN_HEADERS = ("Idempotent-Replayed",)
# Jupyter right-aligns table cells; words and codes read better from the left.
LEFT = ' style="text-align: left"'


class Table:
    """Rows under named columns; cells are sanitized and ``None``/booleans shown as words."""

    def __init__(
        self, columns: Sequence[str], rows: Iterable[Sequence[object]], caption: str = ""
    ) -> None:
        self.columns = tuple(columns)
        self.rows = [tuple(_cell(value) for value in row) for row in rows]
        self.caption = caption
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"row {row} does not have {len(self.columns)} cells")

    def column(self, name: str) -> list[str]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def _repr_html_(self) -> str:
        head = "".join(f"<th{LEFT}>{html.escape(name)}</th>" for name in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td{LEFT}>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        lines = [_markdown_row(self.columns), _markdown_row([":---"] * len(self.columns))]
        lines += [_markdown_row(row) for row in self.rows]
        if self.caption:
            lines.insert(0, self.caption + "\n")
        return "\n".join(lines)


def show(value: object) -> None:
    """Print a response (status line, notable headers, JSON body) or any JSON value, sanitized."""
    print(render(value))


def render(value: object) -> str:
    if isinstance(value, ApiResponse):
        lines = [f"HTTP {value.status} {_phrase(value.status)}"]
        shown = [name for name in SHOWN_HEADERS if name in value.headers]
        lines += [f"{name}: {value.headers[name]}" for name in shown]
        return sanitize("\n".join([*lines, _json(value.body)]))
    if isinstance(value, dict | list):
        return sanitize(_json(value))
    return sanitize(str(value))


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    return sanitize(str(value))


def _markdown_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


class Mermaid:
    """Mermaid text that JupyterLab renders natively (``text/vnd.mermaid``), GitHub and the HTML
    report as a fenced block, and plain text as itself."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_mimebundle_(self, **_: object) -> dict[str, str]:
        return {
            "text/vnd.mermaid": self.text,
            "text/markdown": f"```mermaid\n{self.text}\n```",
            "text/plain": self.text,
        }

    def steps(self) -> list[str]:
        """The step numbers of a sequence diagram's arrows (``A->>B: 5. ...``), in order."""
        captions = [
            line.split(":", 1)[1].strip() for line in self.text.splitlines() if "->>" in line
        ]
        return [caption.split(".", 1)[0] for caption in captions if caption[:1].isdigit()]


# The opening <svg ...> tag, and the fixed size attributes on it that keep a diagram at its
# drawn size (2209 pt for the AWS view) instead of the page's width.
_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.S)
_SIZE_ATTRIBUTE = re.compile(r'\s(?:width|height)="[^"]*"')


class FullWidthSVG:
    """A generated diagram shown as inline SVG at the width of the notebook (or report page),
    its height following from its ``viewBox``; never wider than the page, never a bitmap."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.svg = full_width(path.read_text(encoding="utf-8"))

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"{self.name} (SVG, at the page's width)"


def full_width(svg: str) -> str:
    """``svg`` from its ``<svg>`` tag on (no XML prolog or DOCTYPE, so it can sit inside HTML),
    sized to its container's width with the aspect ratio of its ``viewBox``."""
    tag = _SVG_TAG.search(svg)
    if tag is None or "viewBox" not in tag[0]:
        raise ValueError("not an SVG document with a viewBox")
    opening = _SIZE_ATTRIBUTE.sub("", tag[0])
    opening = opening.replace("<svg", '<svg width="100%" style="max-width: 100%; height: auto"', 1)
    return opening + svg[tag.end() :]
