"""A stand-in skimmer for demonstrations: a script on a loopback origin of its own that marks the
page it runs in and does nothing else.

Tests and the security notebook put it into the checkout page (the merchant's test-only tamper
settings, or a script injected by Playwright) to show the page's CSP blocking and reporting it,
and the 11.6.1 check noticing it. The site counts requests, so "blocked" can be told apart from
"fetched but not run".
"""

import threading
from types import TracebackType

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fincore.hosting.server import ThreadedServer

PATH = "/skimmer.js"
# The global the script sets: its presence means the script ran.
MARKER = "fincoreSkimmerRan"
SCRIPT = f"window.{MARKER} = true;\n"


class SkimmerSite:
    """Serves ``SCRIPT`` at ``url`` until ``stop()`` (or the end of a ``with`` block)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = 0
        app = Starlette(routes=[Route(PATH, self._serve)])
        self.server = ThreadedServer(app, "skimmer").start()
        self.origin = self.server.url
        self.url = self.origin + PATH

    @property
    def requests(self) -> int:
        """How many times a browser fetched the script."""
        with self._lock:
            return self._requests

    def stop(self) -> None:
        self.server.stop()

    async def _serve(self, _: Request) -> Response:
        with self._lock:
            self._requests += 1
        return Response(SCRIPT, media_type="text/javascript")

    def __enter__(self) -> "SkimmerSite":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
