"""What a browser receives when it loads a payment page: every document (the page and each
frame) with its response headers, and every script with the bytes that arrived.

Loads the page in headless Chromium (``fincore.lab.browser.launch_options``), in a fresh context so
nothing comes from a cache, and waits until the network is idle: scripts load scripts and the
card fields are framed by script, so "loaded" means "nothing more is coming". Async, so notebooks
can call it; ``capture_url`` runs it with a browser of its own for scripts and the command line.
"""

import asyncio
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, Error, Frame, Page, Response, async_playwright

from fincore.common.sri import digests
from fincore.lab.browser import launch_options

TOP = "page"
DEFAULT_TIMEOUT_SECONDS = 30.0

# Every <script> of a document, and policies set in <meta> rather than in a header.
# ``nonce`` is read as a property: browsers hide the attribute once the element is parsed.
READ_DOCUMENT = """() => ({
  scripts: Array.from(document.scripts, (s) => ({
    src: s.src, integrity: s.integrity, nonce: s.nonce, text: s.src ? '' : s.text,
  })),
  metaPolicies: Array.from(
    document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]'),
    (m) => m.content,
  ),
})"""


class PageLoadError(RuntimeError):
    """The page itself did not load (an HTTP error status, or no document at all)."""


@dataclass(frozen=True)
class Document:
    """The page or one frame: where it came from and the headers it came with."""

    frame: str  # TOP, or the frame's origin and path
    url: str
    status: int | None
    headers: dict[str, str]  # lower-case names
    meta_policies: tuple[str, ...] = ()

    def policies(self) -> list[str]:
        """Every Content-Security-Policy the document enforces (header, then <meta>)."""
        header = self.headers.get("content-security-policy")
        return ([header] if header else []) + list(self.meta_policies)


@dataclass(frozen=True)
class Script:
    """One script a document declared or loaded."""

    frame: str
    url: str  # absolute; "" for an inline script
    integrity: str = ""
    nonce: str = ""
    # Base64 digests (sha256/384/512) of the bytes received, or of an inline script's text;
    # empty when nothing arrived (blocked by the policy, or the request failed).
    digests: tuple[tuple[str, str], ...] = ()
    status: int | None = None
    # False for a script that loaded without a <script> element (a module import, a removed tag).
    element: bool = True

    @property
    def inline(self) -> bool:
        return not self.url

    @property
    def loaded(self) -> bool:
        return bool(self.digests)

    @property
    def sha384(self) -> str | None:
        value = dict(self.digests).get("sha384")
        return f"sha384-{value}" if value else None


@dataclass(frozen=True)
class PageCapture:
    url: str
    documents: tuple[Document, ...]
    scripts: tuple[Script, ...]

    def document(self, frame: str) -> Document | None:
        return next((d for d in self.documents if d.frame == frame), None)


async def capture(
    browser: Browser, url: str, timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> PageCapture:
    """Load ``url`` in a fresh context of ``browser`` and record what arrived."""
    context = await browser.new_context(service_workers="block")
    try:
        page = await context.new_page()
        responses: list[Response] = []
        # A plain function: Playwright tags handlers with an attribute, which builtins refuse.
        page.on("response", lambda response: responses.append(response))
        response = await page.goto(url, wait_until="networkidle", timeout=timeout * 1000)
        if response is None or response.status >= 400:
            status = response.status if response else "no response"
            raise PageLoadError(f"{url} did not load ({status})")
        return await _record(page, url, responses)
    finally:
        await context.close()


def capture_url(url: str, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> PageCapture:
    """``capture`` with a Chromium of its own (for scripts and the command line)."""

    async def run() -> PageCapture:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**launch_options())
            try:
                return await capture(browser, url, timeout)
            finally:
                await browser.close()

    return asyncio.run(run())


async def _record(page: Page, url: str, responses: list[Response]) -> PageCapture:
    names = _frame_names(page)
    documents, loaded = await _arrivals(names, responses)
    scripts: list[Script] = []
    for frame_object, frame in names.items():
        declared = await _read_document(frame_object)
        if frame in documents:
            metas = tuple(declared.get("metaPolicies", []))
            documents[frame] = replace(documents[frame], meta_policies=metas)
        scripts += [_element_script(frame, e, loaded) for e in declared.get("scripts", [])]
    # What loaded without an element left in the document.
    scripts += [s for pending in loaded.values() for s in pending]
    return PageCapture(url, tuple(documents.values()), tuple(scripts))


async def _arrivals(
    names: dict[Frame, str], responses: list[Response]
) -> tuple[dict[str, Document], dict[tuple[str, str], list[Script]]]:
    """Each frame's document, and the scripts that arrived by (frame, URL)."""
    documents: dict[str, Document] = {}
    loaded: dict[tuple[str, str], list[Script]] = {}
    for response in responses:
        frame = names.get(response.frame)
        if frame is None or response.request.redirected_to is not None:
            continue
        kind = response.request.resource_type
        if kind == "document":
            headers = await response.all_headers()
            documents[frame] = Document(frame, response.url, response.status, headers)
        elif kind == "script":
            # Browsers run no script from an error response, whatever its body.
            body = await _body(response) if response.ok else None
            arrived = _sorted(digests(body)) if body is not None else ()
            script = Script(frame, response.url, digests=arrived, status=response.status)
            loaded.setdefault((frame, response.url), []).append(replace(script, element=False))
    return documents, loaded


def _element_script(
    frame: str, element: dict[str, str], loaded: dict[tuple[str, str], list[Script]]
) -> Script:
    """The script of one <script> element, with the bytes its request received if any."""
    if not element["src"]:
        text_digests = _sorted(digests(element["text"].encode("utf-8")))
        return Script(frame, "", nonce=element["nonce"], digests=text_digests)
    pending = loaded.get((frame, element["src"]), [])
    arrived = pending.pop(0) if pending else None
    return Script(
        frame,
        element["src"],
        integrity=element["integrity"],
        nonce=element["nonce"],
        digests=arrived.digests if arrived else (),
        status=arrived.status if arrived else None,
    )


def _frame_names(page: Page) -> dict[Frame, str]:
    """A stable name per frame: TOP for the page, origin and path for the others (the query and
    fragment carry per-load values such as channel ids), numbered when two share a name."""
    names: dict[Frame, str] = {}
    for frame in page.frames:
        if frame is page.main_frame:
            names[frame] = TOP
            continue
        parts = urlsplit(frame.url)
        base = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else frame.url
        name, n = base, 1
        while name in names.values():
            n += 1
            name = f"{base} #{n}"
        names[frame] = name
    return names


async def _read_document(frame: Frame) -> dict[str, Any]:
    try:
        result: dict[str, Any] = await frame.evaluate(READ_DOCUMENT)
    except Error:
        return {}  # a frame that went away while we looked
    return result


async def _body(response: Response) -> bytes | None:
    try:
        return await response.body()
    except Error:
        return None


def _sorted(values: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(values.items()))
