"""The payment page's script inventory (PCI DSS 6.4.3): every script the page and its frames
declared or loaded, whether it is authorised (and by whom, and why), and what assures its
integrity — Subresource Integrity, or a Content-Security-Policy source that pins that one script
(its exact URL, a per-response nonce, or its hash).
"""

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fincore.common.sri import integrity_matches
from fincore.pci.authorizations import AuthorizationConfig
from fincore.pci.capture import PageCapture, Script
from fincore.pci.csp import PINNED, ScriptFacts, parse_header, parse_policy, script_allowance

UNAUTHORISED = "unauthorised"
INTEGRITY_MISMATCH = "integrity mismatch"
NOT_ASSURED = "not integrity-assured"
NOT_LOADED = "not loaded"

ALLOWED = "allowed"
BLOCKED = "blocked"
NO_POLICY = "no policy"
# How a policy admits a script, from the kind that pins one script to the kind that admits any.
CSP_ORDER = (
    *PINNED,
    *("path", "host", "self", "scheme", "wildcard", "unsafe-inline", "strict-dynamic"),
    *("unrestricted", NO_POLICY, BLOCKED),
)

JSON_NAME = "script-inventory.json"
MARKDOWN_NAME = "script-inventory.md"


@dataclass(frozen=True)
class Entry:
    """One script of the inventory."""

    frame: str
    script: str  # its URL, or "inline:sha384-..." for an inline script
    origin: str
    status: str  # "allowed", "blocked by CSP", "refused by SRI" or "not loaded"
    integrity: str  # the tag's integrity attribute, "" when absent
    sri: str  # "valid", "mismatch", "absent" or "not checked" (nothing arrived)
    sha384: str | None  # of the bytes received (an inline script's text)
    csp: str  # how the document's policy admits it (see CSP_ORDER)
    assured_by: tuple[str, ...]
    owner: str
    justification: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Inventory:
    url: str
    taken_at: str
    entries: tuple[Entry, ...]

    @property
    def flagged(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.flags]

    def summary(self) -> str:
        documents = len({entry.frame for entry in self.entries})
        return f"{len(self.entries)} scripts in {documents} documents, {len(self.flagged)} flagged"

    def to_json(self) -> dict[str, Any]:
        return {
            "requirement": "PCI DSS 4.0 6.4.3: payment page scripts authorised, "
            "integrity-assured, inventoried",
            "url": self.url,
            "taken_at": self.taken_at,
            "summary": {"scripts": len(self.entries), "flagged": len(self.flagged)},
            "scripts": [asdict(entry) for entry in self.entries],
        }

    def to_markdown(self) -> str:
        lines = [
            f"# Script inventory of {self.url}",
            "",
            f"PCI DSS 6.4.3. Taken {self.taken_at}: {self.summary()}.",
            "",
            "| # | Script | Frame | Status | SRI | sha384 received | CSP | Assured by | Owner "
            "| Justification | Flags |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for number, e in enumerate(self.entries, 1):
            cells = (
                str(number),
                f"`{e.script}`",
                "page" if e.frame == "page" else f"`{e.frame}`",
                e.status,
                e.sri,
                f"`{e.sha384}`" if e.sha384 else "—",
                e.csp,
                ", ".join(e.assured_by) or "—",
                e.owner or "—",
                e.justification or "—",
                ", ".join(f"**{flag}**" for flag in e.flags) or "—",
            )
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def _repr_markdown_(self) -> str:
        # Jupyter shows the table instead of the dataclass repr.
        return self.to_markdown()

    def write(self, directory: Path) -> tuple[Path, Path]:
        """``script-inventory.json`` and ``script-inventory.md`` in ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        as_json, as_markdown = directory / JSON_NAME, directory / MARKDOWN_NAME
        as_json.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        as_markdown.write_text(self.to_markdown(), encoding="utf-8")
        return as_json, as_markdown


def build_inventory(
    capture: PageCapture, config: AuthorizationConfig, taken_at: str | None = None
) -> Inventory:
    """The inventory of a captured page, joined with the authorisations in ``config``."""
    page_origin = _origin(capture.url)
    entries = tuple(_entry(capture, script, config, page_origin) for script in capture.scripts)
    when = taken_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return Inventory(capture.url, when, entries)


def _entry(
    capture: PageCapture, script: Script, config: AuthorizationConfig, page_origin: str
) -> Entry:
    name = script.url or f"inline:{script.sha384}"
    authorisation = config.match(name, page_origin)
    sri = _sri(script)
    csp = csp_allowance(capture, script)
    status = _status(script, sri, csp)
    assured_by = (("SRI",) if sri == "valid" else ()) + ((f"CSP {csp}",) if csp in PINNED else ())
    return Entry(
        frame=script.frame,
        script=name,
        origin=_origin(script.url) if script.url else _origin(_document_url(capture, script)),
        status=status,
        integrity=script.integrity,
        sri=sri,
        sha384=script.sha384,
        csp=csp,
        assured_by=assured_by,
        owner=authorisation.owner if authorisation else "",
        justification=authorisation.justification if authorisation else "",
        flags=_flags(authorisation is not None, sri, status, assured_by),
    )


def _flags(authorised: bool, sri: str, status: str, assured_by: tuple[str, ...]) -> tuple[str, ...]:
    flags = [] if authorised else [UNAUTHORISED]
    flags += [INTEGRITY_MISMATCH] if sri == "mismatch" else []
    # A blocked or refused script did not run: its integrity is moot, its presence is not.
    flags += [NOT_ASSURED] if status == ALLOWED and not assured_by else []
    flags += [NOT_LOADED] if status == NOT_LOADED else []
    return tuple(flags)


def csp_allowance(capture: PageCapture, script: Script) -> str:
    """How the policies of the script's document admit it; the strongest pin wins, since every
    policy must admit the script and one that pins it is enough."""
    document = capture.document(script.frame)
    if document is None or not document.policies():
        return NO_POLICY
    header = document.headers.get("content-security-policy", "")
    policies = parse_header(header) + [parse_policy(meta) for meta in document.meta_policies]
    digests = () if script.url else script.digests
    facts = ScriptFacts(script.url, script.nonce, digests)
    kinds = [script_allowance(policy, facts, document.url) for policy in policies]
    if None in kinds:
        return BLOCKED
    return min((kind for kind in kinds if kind), key=CSP_ORDER.index)


def _sri(script: Script) -> str:
    if not script.integrity:
        return "absent"
    if not script.loaded:
        return "not checked"
    verdict = integrity_matches(script.integrity, dict(script.digests))
    if verdict is None:
        return "absent"  # no algorithm browsers know: they ignore the attribute
    return "valid" if verdict else "mismatch"


def _status(script: Script, sri: str, csp: str) -> str:
    if csp == BLOCKED:
        return "blocked by CSP"
    if sri == "mismatch":
        return "refused by SRI"
    if not script.loaded:
        return NOT_LOADED
    return ALLOWED


def _document_url(capture: PageCapture, script: Script) -> str:
    document = capture.document(script.frame)
    return document.url if document else capture.url


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
