"""The wire, as a reader of the flow notebook wants it: each step's request and answer as they
crossed, the headers that matter, the body (card data already masked by the recorder).

The exchanges come from the stack's own recorder (``StackTrace.capture_wire()``), never from
requests made again to show them: what is printed is what the service received and sent::

    since = stack.trace.capture_wire()
    ...                                        # drive the checkout
    wire = WireLog.of(stack.trace, since)
    print(wire.render("10"))                   # POST /v1/payments and its answer
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fincore.architecture.hop import Hop
from fincore.common.user_agents import MERCHANT_BACKEND, PAYMENT_SERVICE
from fincore.evidence.trace_recorder import StackTrace, Wire
from fincore.pci.csp import mask_nonces
from fincore.walkthrough.sanitize import sanitize

# What a reviewer needs to follow a request: who sent it, with which credentials, from where.
REQUEST_HEADERS = (
    "Content-Type",
    "Authorization",
    "Origin",
    "Sec-Fetch-Site",
    "Sec-Fetch-Dest",
    "User-Agent",
    "Idempotency-Key",
)
RESPONSE_HEADERS = ("Content-Type", "Idempotent-Replayed", "Access-Control-Allow-Origin")
# The headers that tell a browser what a response may do: run, frame, be framed, be sniffed.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Strict-Transport-Security",
    "Cross-Origin-Resource-Policy",
    "Access-Control-Allow-Origin",
    "Cache-Control",
)
# Browsers' User-Agents name their version, which changes with every Chromium update.
OWN_USER_AGENTS = (MERCHANT_BACKEND, PAYMENT_SERVICE)
BROWSER = "<the browser's>"
BODY_LINES = 14
# Minified scripts are one long line: a reader needs its start, not 30 KB.
LINE_WIDTH = 150
# A nonce in a served page changes with every response, as in its CSP header.
_NONCE_ATTRIBUTE = re.compile(r'nonce="[^"]*"')


@dataclass(frozen=True)
class Crossing:
    """One exchange and the step it was."""

    step: str
    hop: Hop
    wire: Wire

    def answer_json(self) -> Any:
        """The answer's body as JSON (the APIs' answers are JSON)."""
        return json.loads(self.wire.answer)

    def request_json(self) -> Any:
        return json.loads(self.wire.request_body)

    @property
    def url(self) -> str:
        host = self.wire.header("Host", response=False) or ""
        return f"http://{host}{self.wire.target}"


class WireLog:
    """The recorded exchanges of one run, looked up by step and path."""

    @classmethod
    def of(cls, trace: StackTrace, since: float) -> "WireLog":
        """What ``trace`` kept since ``since`` (a mark from ``trace.capture_wire()``)."""
        return cls(trace.exchanges(since))

    def __init__(self, exchanges: Sequence[tuple[Hop, Wire]]) -> None:
        self.crossings = [
            Crossing(str(hop.step), hop, wire) for hop, wire in exchanges if hop.step is not None
        ]

    def find(self, step: str, path: str | None = None, method: str | None = None) -> Crossing:
        """The first exchange of ``step`` (with that path and method, when given)."""
        for crossing in self.crossings:
            wire = crossing.wire
            if crossing.step != step or (method and wire.method != method):
                continue
            if path is None or wire.target.split("?")[0] == path:
                return crossing
        seen = ", ".join(f"{c.step} {c.wire.method} {c.wire.target}" for c in self.crossings)
        raise LookupError(f"No recorded exchange for step {step} {path or ''}; seen: {seen}")

    def render(
        self, step: str, path: str | None = None, method: str | None = None, lines: int = BODY_LINES
    ) -> str:
        return render_crossing(self.find(step, path, method), lines)


def render_crossing(crossing: Crossing, lines: int = BODY_LINES) -> str:
    """``step N →``: the request line, its headers that matter and body; then the answer's."""
    wire = crossing.wire
    request = [f"step {crossing.step} → {wire.method} {crossing.url}"]
    request += _headers(wire.request_headers, REQUEST_HEADERS)
    request += _body(wire.request_body, lines)
    answer = [f"step {_answer_step(crossing)} ← HTTP {wire.status} {_phrase(wire.status)}"]
    answer += _headers(wire.response_headers, RESPONSE_HEADERS)
    answer += _body(wire.answer, lines)
    return sanitize("\n".join([*request, "", *answer]))


def security_headers(answers: dict[str, Wire]) -> list[tuple[str, ...]]:
    """One row per security header, one column per named response (``—`` when not sent)."""
    rows = []
    for name in SECURITY_HEADERS:
        values = [wire.header(name) for wire in answers.values()]
        rows.append((name, *(mask_nonces(v) if v is not None else "—" for v in values)))
    return rows


def excerpt(source: str, markers: Sequence[str], after: int = 3) -> str:
    """The lines of ``source`` holding each marker, with ``after`` lines following, in order;
    ``...`` where lines are left out. For showing the part of a served script that matters."""
    keep: set[int] = set()
    all_lines = source.splitlines()
    for marker in markers:
        for number, line in enumerate(all_lines):
            if marker in line:
                keep.update(range(number, min(number + after + 1, len(all_lines))))
    shown, previous = [], -1
    for number in sorted(keep):
        if number != previous + 1:
            shown.append("    ...")
        shown.append(f"{number + 1:4d}  {all_lines[number]}")
        previous = number
    return "\n".join(shown)


def _answer_step(crossing: Crossing) -> str:
    # The PSP's answer to step 5 is step 6 of the design; every other answer belongs to its step.
    return "6" if crossing.step == "5" else crossing.step


def _headers(headers: tuple[tuple[str, str], ...], shown: Sequence[str]) -> list[str]:
    present = {name.lower(): value for name, value in reversed(headers)}
    out = []
    for name in shown:
        value = present.get(name.lower())
        if value is None:
            continue
        if name == "User-Agent" and value not in OWN_USER_AGENTS:
            value = BROWSER
        out.append(f"  {name}: {mask_nonces(value)}")
    return out


def _body(text: str, lines: int) -> list[str]:
    if not text:
        return []
    try:
        pretty = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        pretty = text
    body = _NONCE_ATTRIBUTE.sub('nonce="(per response)"', pretty).splitlines()
    more = len(body) - lines
    shown = [_cut(line) for line in body[:lines]]
    return ["", *shown, *([f"... ({more} more lines)"] if more > 0 else [])]


def _cut(line: str) -> str:
    extra = len(line) - LINE_WIDTH
    return line if extra <= 0 else f"{line[:LINE_WIDTH]} ... ({extra} more characters)"


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
