"""Change and tamper detection of what the browser receives (PCI DSS 11.6.1).

A baseline records, for the page and each frame, the security-relevant response headers and
every script with the sha384 of its bytes. A later capture is compared with it; any difference —
a header added, removed or changed (policies directive by directive), a script added, removed or
with other bytes, a frame appearing or going — is a change to look at.

Per-response values are masked so an untouched page compares equal to itself: CSP nonces, and
frame URLs' query strings and fragments (see ``capture``).
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fincore.pci.capture import PageCapture
from fincore.pci.csp import diff_policies, mask_nonces

FORMAT = "fincore-pci-baseline/1"
TRACKED_HEADERS = (
    "content-security-policy",
    "content-security-policy-report-only",
    "x-frame-options",
    "referrer-policy",
    "x-content-type-options",
    "permissions-policy",
    "strict-transport-security",
    "cross-origin-opener-policy",
    "reporting-endpoints",
)
POLICY_HEADERS = ("content-security-policy", "content-security-policy-report-only")


class BaselineError(ValueError):
    """The baseline file is missing or not a baseline."""


@dataclass(frozen=True)
class Change:
    where: str  # "page" or a frame's origin and path
    what: str  # e.g. "header content-security-policy", "script https://...", "frame"
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: {self.detail}"


def snapshot(capture: PageCapture, taken_at: str | None = None) -> dict[str, Any]:
    """The baseline of a captured page, as JSON-ready data."""
    documents = {
        document.frame: {
            "status": document.status,
            "headers": {name: _header(document.headers, name) for name in TRACKED_HEADERS},
            "meta_policies": [mask_nonces(policy) for policy in document.meta_policies],
        }
        for document in capture.documents
    }
    scripts = sorted(
        (
            {
                "frame": script.frame,
                "script": script.url or f"inline:{script.sha384}",
                "sha384": script.sha384,
                "integrity": script.integrity,
            }
            for script in capture.scripts
        ),
        key=lambda s: (s["frame"], s["script"], s["sha384"] or ""),
    )
    return {
        "format": FORMAT,
        "url": capture.url,
        "taken_at": taken_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "documents": documents,
        "scripts": scripts,
    }


def save(baseline: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BaselineError(f"cannot read the baseline {path}: {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(f"{path} is not a {FORMAT} baseline")
    return data


def compare(baseline: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    """Every difference between two snapshots, documents first, then scripts."""
    return _document_changes(baseline["documents"], current["documents"]) + _script_changes(
        baseline["scripts"], current["scripts"]
    )


def format_changes(changes: list[Change]) -> str:
    if not changes:
        return "No change: headers and scripts match the baseline."
    lines = [f"{len(changes)} change(s) since the baseline:"]
    return "\n".join(lines + [f"  - {change}" for change in changes])


def _document_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = [Change(frame, "frame", "removed") for frame in sorted(old.keys() - new.keys())]
    changes += [Change(frame, "frame", "added") for frame in sorted(new.keys() - old.keys())]
    for frame in sorted(old.keys() & new.keys(), key=lambda f: (f != "page", f)):
        before, after = old[frame], new[frame]
        if before["status"] != after["status"]:
            changes.append(Change(frame, "status", f"{before['status']} -> {after['status']}"))
        for name in TRACKED_HEADERS:
            a, b = before["headers"].get(name), after["headers"].get(name)
            if a != b:
                changes += [Change(frame, f"header {name}", d) for d in _header_diff(name, a, b)]
        if before["meta_policies"] != after["meta_policies"]:
            changes.append(Change(frame, "<meta> policy", "changed"))
    return changes


def _header_diff(name: str, before: str | None, after: str | None) -> list[str]:
    if before is None:
        return [f"added: {after}"]
    if after is None:
        return [f"removed (was: {before})"]
    if name in POLICY_HEADERS:
        return diff_policies(before, after) or ["changed (same directives, other text)"]
    return [f"{before} -> {after}"]


def _script_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    before, after = _by_script(old), _by_script(new)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        frame, script = key
        where = f"script {script}"
        a, b = before.get(key), after.get(key)
        if a is None:
            changes.append(Change(frame, where, f"added ({_listed(b or set(), 0)})"))
            continue
        if b is None:
            changes.append(Change(frame, where, f"removed (was {_listed(a, 0)})"))
            continue
        if _listed(a, 0) != _listed(b, 0):
            changes.append(Change(frame, where, f"other bytes: {_listed(a, 0)} -> {_listed(b, 0)}"))
        if _listed(a, 1) != _listed(b, 1):
            # Dropping or swapping a tag's integrity attribute weakens the page with the same bytes.
            detail = f"integrity attribute: {_listed(a, 1)} -> {_listed(b, 1)}"
            changes.append(Change(frame, where, detail))
    return changes


def _by_script(scripts: list[dict[str, Any]]) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(frame, script) -> {(sha384 received, integrity attribute)} (a script may load twice)."""
    grouped: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for script in scripts:
        key = (script["frame"], script["script"])
        value = (script["sha384"] or "nothing received", script["integrity"] or "none")
        grouped.setdefault(key, set()).add(value)
    return grouped


def _listed(values: set[tuple[str, str]], field: int) -> str:
    return ", ".join(sorted({value[field] for value in values}))


def _header(headers: dict[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        return None
    return mask_nonces(value) if name in POLICY_HEADERS else value
