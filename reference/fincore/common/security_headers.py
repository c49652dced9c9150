"""Security headers on every response of every FinCore service.

JSON APIs get a policy that allows nothing: a response is data, never a page to render, frame or
run scripts from. A response that sets its own ``Content-Security-Policy`` (the PSP's card-field
pages with their ``frame-ancestors``, the demo checkout page) keeps it: a handler overrides the
default by setting the header, and the same goes for ``Referrer-Policy``.

Error responses Starlette's outermost error middleware writes for an unhandled exception (a 500,
which tests treat as a bug) pass outside this middleware and carry no headers.
"""

import functools

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
# FastAPI's interactive docs load Swagger UI and ReDoc from a public CDN with inline bootstrap
# scripts; they get only what cannot break them: no framing, no plugins, no <base> rewriting.
DOCS_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
REFERRER_POLICY = "no-referrer"


class SecurityHeadersMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        policy: str = API_POLICY,
        page_policies: dict[str, str] | None = None,
    ) -> None:
        self.app = app
        self.policy = policy
        # Exact paths whose default policy differs (the docs pages).
        self.page_policies = page_policies or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        defaults = _encoded_defaults(self.page_policies.get(scope["path"], self.policy))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [header for header in defaults if header[0] not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


@functools.cache
def _encoded_defaults(policy: str) -> tuple[tuple[bytes, bytes], ...]:
    return (
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", REFERRER_POLICY.encode()),
        (b"content-security-policy", policy.encode()),
    )


def docs_policies(*paths: str | None) -> dict[str, str]:
    """``DOCS_POLICY`` for each of FastAPI's docs paths that is switched on."""
    return {path: DOCS_POLICY for path in paths if path}
