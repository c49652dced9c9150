"""The frame every FinCore HTTP service shares: one error shape, a body limit, a request log,
and an OpenAPI document that describes the errors actually returned."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from fincore.common import strict_json
from fincore.common.body_limit import DEFAULT_MAX_BODY_BYTES
from fincore.common.errors import install_error_handlers
from fincore.common.frame import ServiceFrame
from fincore.common.request_body import BodyCheck
from fincore.common.request_log import RequestLog
from fincore.common.security_headers import docs_policies


class FramedFastAPI(FastAPI):
    """A FastAPI app whose HTTP requests enter through ``entry``: the service frame, inside the
    recorder when there is one. The frame hands every request it does not refuse to FastAPI.

    Middleware added later with ``add_middleware`` runs inside the frame: whatever must see even
    the requests the frame refuses is passed to ``build_service`` as ``recorder``.
    """

    entry: ASGIApp
    frame: ServiceFrame

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        await self.entry(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """FastAPI's own handling: middleware, routing, dependencies, error handlers."""
        await super().__call__(scope, receive, send)


def build_service(
    title: str,
    description: str,
    log_path: Path,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    body_checks: Sequence[BodyCheck] = (strict_json.check,),
    recorder: Callable[[ASGIApp], ASGIApp] | None = None,
    **fastapi_options: Any,
) -> tuple[FastAPI, RequestLog]:
    """A FastAPI app with the shared frame (``fincore.common.frame``). ``body_checks`` look at
    the buffered body before any handler runs: strict JSON by default, for the demo apps that
    authenticate nobody; a service that authenticates passes none and judges bodies in its
    dependencies, after authentication (``fincore.common.request_body``). ``recorder`` wraps
    everything, to see each request as it arrived (the PAN tripwire's recorder, the demo apps'
    body log)."""
    app = FramedFastAPI(title=title, description=description, version="1.0.0", **fastapi_options)
    install_error_handlers(app)
    log = RequestLog(log_path)
    app.state.request_log = log
    app.frame = ServiceFrame(
        app.handle,
        log,
        max_body_bytes,
        body_checks=body_checks,
        page_policies=docs_policies(
            app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url
        ),
    )
    app.entry = app.frame if recorder is None else recorder(app.frame)
    app.openapi = lambda: _openapi_without_validation_schema(app)  # type: ignore[method-assign]
    return app, log


def _openapi_without_validation_schema(app: FastAPI) -> dict[str, Any]:
    """FastAPI documents a 422 ``HTTPValidationError`` we never send (ours are 400 error
    objects); drop it so fuzzers and clients see the real contract."""
    if app.openapi_schema:
        return app.openapi_schema
    original = FastAPI.openapi(app)
    for path in original.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            ref = str(responses.get("422", {}).get("content", {}))
            if "HTTPValidationError" in ref:
                del responses["422"]
    schemas = original.get("components", {}).get("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    app.openapi_schema = original
    return original
