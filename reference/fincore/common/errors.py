"""One error shape for every FinCore service, and the handlers that guarantee it.

Every error leaves a service as ``{"error": {"type", "code", "message", "param"?}}`` with a 4xx
status (5xx only for our own faults, which tests treat as bugs)::

    APIError                      base: status_code, type, code, message, param
    ├── InvalidRequestError       400 invalid_request_error (bad JSON, types, unknown fields
    │   │                         and query parameters, an unknown FinCore-Version)
    │   ├── NotFoundError         404 resource_missing
    │   ├── RawCardDataError      400 raw_card_data_rejected (Payment Service guard)
    │   ├── PayloadTooLargeError  413 payload_too_large
    │   └── RateLimitError        429 rate_limited
    ├── AuthenticationError       401 authentication_error
    ├── CardError                 402 card_error (declines, invalid card details)
    ├── IdempotencyError          409/422 idempotency_error
    └── UpstreamError             502 api_error (the PSP failed in a way we could not absorb)
"""

from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from fincore.common import error_codes
from fincore.common.echo import is_safe_token

INVALID_REQUEST = "invalid_request_error"
AUTHENTICATION = "authentication_error"
CARD = "card_error"
IDEMPOTENCY = "idempotency_error"
API = "api_error"
ERROR_TYPES = (INVALID_REQUEST, AUTHENTICATION, CARD, IDEMPOTENCY, API)
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class APIError(Exception):
    status_code = 400
    type = INVALID_REQUEST

    def __init__(
        self,
        code: str,
        message: str,
        param: str | None = None,
        *,
        status_code: int | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.param = param
        if status_code is not None:
            self.status_code = status_code
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "code": self.code, "message": self.message}
        if self.param is not None:
            error["param"] = self.param
        error.update(self.extra)
        return {"error": error}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status_code, headers=self.headers)


class InvalidRequestError(APIError):
    status_code = 400
    type = INVALID_REQUEST


class NotFoundError(InvalidRequestError):
    status_code = 404


class RawCardDataError(InvalidRequestError):
    status_code = 400


class PayloadTooLargeError(InvalidRequestError):
    status_code = 413


class RateLimitError(InvalidRequestError):
    status_code = 429


class AuthenticationError(APIError):
    status_code = 401
    type = AUTHENTICATION


class CardError(APIError):
    status_code = 402
    type = CARD


class IdempotencyError(APIError):
    status_code = 409
    type = IDEMPOTENCY


class UpstreamError(APIError):
    status_code = 502
    type = API


class ErrorDetail(BaseModel):
    """The documented error object (OpenAPI), shared by every service."""

    type: str
    code: str
    message: str
    param: str | None = None
    decline_code: str | None = None
    payment: str | None = None
    charge: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


def _param_from_location(loc: tuple[Any, ...]) -> str | None:
    # FastAPI locations look like ("body", "metadata", "order"); Stripe names nested params
    # as metadata[order].
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    if not parts:
        return None
    head, *rest = parts
    return head + "".join(f"[{part}]" for part in rest)


def invalid_json() -> InvalidRequestError:
    return InvalidRequestError(error_codes.INVALID_JSON, "The request body is not valid JSON.")


def invalid_content_type() -> InvalidRequestError:
    return InvalidRequestError(
        error_codes.INVALID_CONTENT_TYPE,
        "Send the request body as JSON with 'Content-Type: application/json'.",
    )


def invalid_body() -> InvalidRequestError:
    return InvalidRequestError(error_codes.INVALID_BODY, "The request body must be a JSON object.")


def _validation_error(exc: RequestValidationError) -> APIError:
    first = exc.errors()[0]
    kind = first.get("type", "")
    param = _param_from_location(tuple(first.get("loc", ())))
    if kind == "json_invalid":
        return invalid_json()
    if param is None and isinstance(first.get("input"), bytes):
        # FastAPI hands over raw bytes when the Content-Type is not JSON.
        return invalid_content_type()
    if kind == "model_attributes_type" or (kind.endswith("_type") and param is None):
        return invalid_body()
    if kind == "missing":
        return InvalidRequestError(
            error_codes.PARAMETER_MISSING, f"Missing required parameter: {param}.", param
        )
    if kind == "extra_forbidden":
        return _unknown_parameter(param)
    message = str(first.get("msg", "Invalid value."))
    return InvalidRequestError(error_codes.PARAMETER_INVALID, f"Invalid {param}: {message}.", param)


def _unknown_parameter(param: str | None) -> InvalidRequestError:
    # The name is the caller's text: echoed only when it is a short plain token, so no
    # query string or body can make an answer carry markup, header bytes or a card number.
    if param is None or not is_safe_token(param):
        return InvalidRequestError(
            error_codes.PARAMETER_UNKNOWN,
            "Received an unknown parameter (its name is not repeated here).",
        )
    return InvalidRequestError(
        error_codes.PARAMETER_UNKNOWN, f"Received unknown parameter: {param}.", param
    )


async def _handle_api_error(_: Request, exc: Exception) -> JSONResponse:
    return cast(APIError, exc).response()


async def _handle_validation(_: Request, exc: Exception) -> JSONResponse:
    return _validation_error(cast(RequestValidationError, exc)).response()


async def _handle_http(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(StarletteHTTPException, exc)
    if exc.status_code == 404:
        error: APIError = NotFoundError(error_codes.RESOURCE_MISSING, "No such route.")
    elif exc.status_code == 405:
        error = InvalidRequestError(
            error_codes.METHOD_NOT_ALLOWED,
            "This route does not accept that method.",
            status_code=405,
            headers={"Allow": _allowed_methods(request)},
        )
    else:
        error = InvalidRequestError(
            error_codes.INVALID_REQUEST,
            str(exc.detail),
            status_code=exc.status_code,
            headers=dict(exc.headers or {}),
        )
    return error.response()


def _allowed_methods(request: Request) -> str:
    """Every method the path accepts, for the ``Allow`` header RFC 9110 requires on a 405.

    Starlette names only the first route matching the path, but GET and POST on one path are two
    routes here; asking the router about each method finds them all."""
    allowed = []
    for method in HTTP_METHODS:
        probe = {**request.scope, "method": method}
        if any(route.matches(probe)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


async def _handle_unexpected(_: Request, exc: Exception) -> JSONResponse:
    # Never a stack trace on the wire; the request log records the 500 so tests can catch it.
    return UpstreamError(
        error_codes.INTERNAL_ERROR, "An unexpected error occurred.", status_code=500
    ).response()


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through the one error shape."""
    app.add_exception_handler(APIError, _handle_api_error)
    app.add_exception_handler(RequestValidationError, _handle_validation)
    app.add_exception_handler(StarletteHTTPException, _handle_http)
    app.add_exception_handler(Exception, _handle_unexpected)


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting the error object for each status code."""
    return {code: {"model": ErrorResponse, "description": "Error"} for code in codes}
