"""What every FinCore OpenAPI document declares beyond what FastAPI writes on its own.

FastAPI documents routes, bodies and error responses; a client generator and a linter also need
to know how a caller authenticates, where the service lives, what its tags mean, and which
headers every answer carries. ``contract_options`` gives the FastAPI options for that and
``publish_contract`` completes the document once, when it is first asked for:

- a bearer ``securitySchemes`` entry, applied by each authenticated operation itself
  (``openapi_extra=authenticated(...)``); every other operation says ``security: []``, so the
  linter's "every operation states its security" holds and a test checks each claim with a
  request without a key;
- the ``FinCore-Version`` request header on every operation, with the 400 that refuses an
  unknown version;
- ``Request-Id`` and ``FinCore-Version`` on every response, as required headers: the fuzz tests
  check that each answer really sends them.
"""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from fincore.common.api_version import (
    API_VERSION_HEADER,
    DEFAULT_API_VERSION,
    SUPPORTED_API_VERSIONS,
)
from fincore.common.echo import MAX_ECHO_LENGTH
from fincore.common.request_id import REQUEST_ID_HEADER

BEARER_SCHEME = "bearerAuth"
ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorResponse"}
# A relative URL: the service is wherever its document was fetched from (every service of the
# lab listens on a port the OS picks).
SERVERS = [{"url": "/", "description": "This service, at the address that served this document"}]

VERSION_SCHEMA = {"$ref": "#/components/schemas/ApiVersion"}
API_VERSION_SCHEMA = {
    "type": "string",
    "description": f"An API version this service serves; {DEFAULT_API_VERSION} by default.",
    "enum": list(SUPPORTED_API_VERSIONS),
    "default": DEFAULT_API_VERSION,
    # Names client generators give the values (openapi-python-client): V2026_11_01.
    "x-enum-varnames": ["V" + version.replace("-", "_") for version in SUPPORTED_API_VERSIONS],
}
ANSWER_HEADERS: dict[str, dict[str, Any]] = {
    REQUEST_ID_HEADER: {
        "description": "This request's id, also in the service's request log: the caller's own "
        "Request-Id when it sent a short token of letters, digits, '-' and '_', else a new one.",
        "required": True,
        "schema": {"type": "string", "pattern": f"^[A-Za-z0-9_-]{{1,{MAX_ECHO_LENGTH}}}$"},
    },
    API_VERSION_HEADER: {
        "description": "The API version that served this answer.",
        "required": True,
        "schema": VERSION_SCHEMA,
    },
}
VERSION_PARAMETER = {
    "name": API_VERSION_HEADER,
    "in": "header",
    "required": False,
    "description": f"The API version the caller was written against (default "
    f"{DEFAULT_API_VERSION}); an unknown one is refused with 400 api_version_invalid.",
    "schema": VERSION_SCHEMA,
}


def authenticated(openapi_extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """``openapi_extra`` for an operation that needs ``Authorization: Bearer <key>``."""
    return {**(openapi_extra or {}), "security": [{BEARER_SCHEME: []}]}


def operation_id(route: APIRoute) -> str:
    """The default operationId, for routes that name none: the handler's name in camelCase
    (``clear_faults`` becomes ``clearFaults``), stable as long as the handler's name is."""
    head, *rest = route.name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def contract_options(tags: list[dict[str, str]]) -> dict[str, Any]:
    """FastAPI options: ``servers``, the declared ``tags`` and readable operationIds."""
    return {"servers": SERVERS, "openapi_tags": tags, "generate_unique_id_function": operation_id}


def publish_contract(app: FastAPI, bearer_description: str) -> None:
    """Make ``app.openapi()`` return the completed document."""
    base: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if not app.openapi_schema:
            _complete(base(), bearer_description)
        return app.openapi_schema  # type: ignore[return-value]  # set by base()

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(document: dict[str, Any], bearer_description: str) -> None:
    components = document.setdefault("components", {})
    components["securitySchemes"] = {
        BEARER_SCHEME: {"type": "http", "scheme": "bearer", "description": bearer_description}
    }
    components.setdefault("schemas", {})["ApiVersion"] = API_VERSION_SCHEMA
    components["headers"] = ANSWER_HEADERS
    components["parameters"] = {"ApiVersion": VERSION_PARAMETER}
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            _complete_operation(operation)


def _complete_operation(operation: dict[str, Any]) -> None:
    operation.setdefault("security", [])
    operation.setdefault("parameters", []).append({"$ref": "#/components/parameters/ApiVersion"})
    responses = operation.setdefault("responses", {})
    responses.setdefault(
        "400",
        {
            "description": "Invalid request (an unknown FinCore-Version, for one)",
            "content": {"application/json": {"schema": ERROR_SCHEMA}},
        },
    )
    for response in responses.values():
        headers = response.setdefault("headers", {})
        for name in ANSWER_HEADERS:
            headers[name] = {"$ref": f"#/components/headers/{name}"}
