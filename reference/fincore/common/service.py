"""The frame every FinCore HTTP service shares: one error shape, a body limit, a request log,
and an OpenAPI document that describes the errors actually returned."""

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp

from fincore.common.body_limit import DEFAULT_MAX_BODY_BYTES, BodyLimitMiddleware
from fincore.common.errors import install_error_handlers
from fincore.common.hot_path import HotHandler, HotPath
from fincore.common.request_log import RequestLog, RequestLogMiddleware
from fincore.common.security_headers import SecurityHeadersMiddleware, docs_policies
from fincore.common.strict_json import StrictJSONGuard


def build_service(
    title: str,
    description: str,
    log_path: Path,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    body_guards: Sequence[Callable[[ASGIApp], ASGIApp]] = (),
    recorder: Callable[[ASGIApp], ASGIApp] | None = None,
    hot_routes: Mapping[tuple[str, str], HotHandler] | None = None,
    **fastapi_options: Any,
) -> tuple[FastAPI, RequestLog]:
    """A FastAPI app with the shared frame. ``body_guards`` are ASGI middlewares that inspect
    the buffered body (``scope["state"]["raw_body"]``) before any handler runs; ``recorder``
    wraps everything, to see each request as it arrived (the PAN tripwire's recorder);
    ``hot_routes`` answer their calls without FastAPI's request handling (``HotPath``)."""
    app = FastAPI(title=title, description=description, version="1.0.0", **fastapi_options)
    install_error_handlers(app)
    log = RequestLog(log_path)
    app.state.request_log = log
    # Starlette runs the middleware added last first: recorder, headers, log, then limit and
    # buffer, then guards, strict JSON so a card number is refused as such first, hot routes last.
    if hot_routes:
        app.add_middleware(HotPath, routes=hot_routes)
    app.add_middleware(StrictJSONGuard)
    for guard in body_guards:
        app.add_middleware(guard)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(RequestLogMiddleware, log=log)
    docs = docs_policies(app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url)
    app.add_middleware(SecurityHeadersMiddleware, page_policies=docs)
    if recorder is not None:
        app.add_middleware(recorder)
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
