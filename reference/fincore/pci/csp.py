"""Reading a Content-Security-Policy as a browser does, for the script inventory and the change
check: which directive governs scripts, and which source expression lets a given script run.

Covers CSP Level 3 source expressions (keywords, nonces, hashes, scheme sources, host sources
with wildcards, ports and paths). ``'strict-dynamic'`` is recognised but its trust propagation is
not modelled: a script it alone admits is reported as such.
"""

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit

Policy = dict[str, list[str]]

# Scripts fall back from the element directive to script-src, then to default-src.
SCRIPT_DIRECTIVES = ("script-src-elem", "script-src", "default-src")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
NONCE = re.compile(r"'nonce-[^']*'", re.IGNORECASE)
MASKED_NONCE = "'nonce-(per response)'"
_HOST_SOURCE = re.compile(
    r"^(?:(?P<scheme>[a-z][a-z0-9+.\-]*)://)?"
    r"(?P<host>\*|(?:\*\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*|\[[0-9a-f:.]+\])"
    r"(?::(?P<port>\d+|\*))?"
    r"(?P<path>/[^?#]*)?$",
    re.IGNORECASE,
)

# How a policy lets a script in, strongest first. The first three pin one script (its URL, its
# response's nonce, or its content); the rest admit whatever a whole origin or scheme serves.
EXACT_URL, NONCE_MATCH, HASH_MATCH = "exact-url", "nonce", "hash"
PINNED = (EXACT_URL, NONCE_MATCH, HASH_MATCH)


@dataclass(frozen=True)
class ScriptFacts:
    """What the policy check needs to know about one script element."""

    url: str  # absolute URL; "" for an inline script
    nonce: str = ""
    # Base64 digests of an inline script's text by algorithm ("sha256", "sha384", "sha512").
    text_digests: tuple[tuple[str, str], ...] = ()


def parse_policy(text: str) -> Policy:
    """One serialized policy as directive name -> source list (the first of a repeated
    directive wins, as in browsers)."""
    policy: Policy = {}
    for part in text.split(";"):
        tokens = part.split()
        if tokens and tokens[0].lower() not in policy:
            policy[tokens[0].lower()] = tokens[1:]
    return policy


def parse_header(value: str) -> list[Policy]:
    """Every policy in a header value: repeated headers arrive joined by commas or newlines."""
    texts = re.split(r"[,\n]", value)
    return [parse_policy(text) for text in texts if text.strip()]


def mask_nonces(value: str) -> str:
    """The policy with each nonce replaced by a placeholder: nonces change on every response, so
    a baseline that kept them would report a change every time."""
    return NONCE.sub(MASKED_NONCE, value)


def script_sources(policy: Policy) -> list[str] | None:
    """The source list governing script elements, None when the policy does not restrict them."""
    for directive in SCRIPT_DIRECTIVES:
        if directive in policy:
            return policy[directive]
    return None


def script_allowance(policy: Policy, script: ScriptFacts, document_url: str) -> str | None:
    """How ``policy`` lets ``script`` run (``exact-url``, ``nonce``, ``hash``, ``path``,
    ``host``, ``self``, ``scheme``, ``wildcard``, ``unsafe-inline``, ``strict-dynamic`` or
    ``unrestricted``), None when it blocks it."""
    sources = script_sources(policy)
    if sources is None:
        return "unrestricted"
    lowered = [source.lower() for source in sources]
    if script.nonce and f"'nonce-{script.nonce}'" in sources:
        return NONCE_MATCH
    if not script.url:
        if any(f"'{alg}-{digest}'" in sources for alg, digest in script.text_digests):
            return HASH_MATCH
        has_pin = any(s.startswith(("'nonce-", "'sha")) for s in lowered)
        allowed_inline = "'unsafe-inline'" in lowered and not has_pin
        return "unsafe-inline" if allowed_inline and "'strict-dynamic'" not in lowered else None
    if "'strict-dynamic'" in lowered:
        # Under strict-dynamic, URL sources are ignored: only trust passed on by a nonce- or
        # hash-admitted script lets a script in, which this check cannot see.
        return "strict-dynamic"
    matches = [kind for source in sources if (kind := url_match(source, script.url, document_url))]
    return min(matches, key=_STRENGTH.index) if matches else None


_STRENGTH = (EXACT_URL, "path", "host", "self", "scheme", "wildcard")


def url_match(source: str, url: str, document_url: str) -> str | None:
    """The kind of match when the source expression ``source`` admits ``url``, else None."""
    target, document = urlsplit(url), urlsplit(document_url)
    lowered = source.lower()
    if lowered == "*":
        network = target.scheme in ("http", "https", "ws", "wss")
        return "wildcard" if network or target.scheme == document.scheme else None
    if lowered == "'self'":
        same_port = _port(target) == _port(document) or _upgrade(document.scheme, target.scheme)
        same = target.hostname == document.hostname and same_port
        return "self" if same and _scheme_ok(document.scheme, target.scheme) else None
    if re.fullmatch(r"[a-z][a-z0-9+.\-]*:", lowered):
        return "scheme" if _scheme_ok(lowered[:-1], target.scheme) else None
    host_source = _HOST_SOURCE.match(source)
    if host_source is None or lowered.startswith("'"):
        return None
    return _host_source_match(host_source, target, document.scheme)


def _host_source_match(
    source: re.Match[str], parts: SplitResult, document_scheme: str
) -> str | None:
    scheme = (source["scheme"] or "").lower()
    if scheme and not _scheme_ok(scheme, parts.scheme):
        return None
    if not scheme and not _scheme_ok(document_scheme, parts.scheme):
        return None
    if not _host_ok(source["host"].lower(), (parts.hostname or "").lower()):
        return None
    if not _port_ok(source["port"], scheme or parts.scheme, parts):
        return None
    path = source["path"] or ""
    if not path:
        return "host"
    target_path = unquote(parts.path or "/")
    if path.endswith("/"):
        return "path" if target_path.startswith(unquote(path)) else None
    return EXACT_URL if target_path == unquote(path) else None


def _scheme_ok(allowed: str, actual: str) -> bool:
    return allowed == actual or _upgrade(allowed, actual)


def _upgrade(allowed: str, actual: str) -> bool:
    # A source for http also admits https (and ws, wss), as browsers upgrade.
    return (allowed, actual) in (("http", "https"), ("ws", "wss"))


def _host_ok(pattern: str, host: str) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return host == pattern.strip("[]")


def _port_ok(port: str | None, source_scheme: str, parts: SplitResult) -> bool:
    actual = _port(parts)
    if port == "*":
        return True
    if port is None:
        default = DEFAULT_PORTS.get(source_scheme)
        return actual == default or (source_scheme == "http" and actual == DEFAULT_PORTS["https"])
    return actual == int(port)


def _port(parts: SplitResult) -> int | None:
    """The URL's port, the scheme's default when it names none."""
    return parts.port if parts.port is not None else DEFAULT_PORTS.get(parts.scheme)


def diff_policies(before: str, after: str) -> list[str]:
    """Readable differences between two header values, directive by directive."""
    old, new = parse_header(before), parse_header(after)
    lines = []
    if len(old) != len(new):
        lines.append(f"{len(old)} policies before, {len(new)} now")
    for index, (a, b) in enumerate(zip(old, new, strict=False)):
        prefix = f"policy {index + 1}: " if max(len(old), len(new)) > 1 else ""
        lines += [prefix + line for line in _diff_policy(a, b)]
    return lines


def _diff_policy(old: Policy, new: Policy) -> list[str]:
    lines = []
    for directive in sorted(old.keys() - new.keys()):
        lines.append(f"{directive}: directive removed (was {' '.join(old[directive]) or 'empty'})")
    for directive in sorted(new.keys() - old.keys()):
        lines.append(f"{directive}: directive added ({' '.join(new[directive]) or 'empty'})")
    for directive in sorted(old.keys() & new.keys()):
        added = [s for s in new[directive] if s not in old[directive]]
        removed = [s for s in old[directive] if s not in new[directive]]
        if added:
            lines.append(f"{directive}: added {' '.join(added)}")
        if removed:
            lines.append(f"{directive}: removed {' '.join(removed)}")
    return lines
