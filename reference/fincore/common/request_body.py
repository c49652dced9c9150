"""A request's JSON body, judged and parsed inside a route's dependencies, after authentication.

The service frame has buffered the body (``scope["state"]["raw_body"]``, within the size limit);
a service's body dependency (``AuthenticatedBody`` in its ``deps.py``) authenticates the caller
first and only then calls ``parse``, so a caller without a valid key never costs the body checks
or the parse any CPU. One parse: the strict JSON decoder (``fincore.common.strict_json``) both
refuses ambiguous JSON and produces the value that pydantic validates.
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.types import Scope

from fincore.common import strict_json
from fincore.common.errors import APIError, invalid_body, invalid_content_type, invalid_json

Model = TypeVar("Model", bound=BaseModel)
# Looks at the buffered body (and the scope) before it is parsed: None lets it pass.
BodyCheck = Callable[[Scope, bytes], APIError | None]


def raw_body(request: Request) -> bytes:
    """The body the service frame buffered."""
    body: bytes = request.scope["state"]["raw_body"]
    return body


def parse(request: Request, model: type[Model], checks: Sequence[BodyCheck] = ()) -> Model:
    """The body as ``model``; raises the error it deserves: the first check's, then strict
    JSON's, then pydantic's as a ``RequestValidationError`` (the handler turns it into the
    documented error object)."""
    scope = request.scope
    body = raw_body(request)
    for check in checks:
        error = check(scope, body)
        if error is not None:
            raise error
    if not strict_json.is_json(scope):
        raise invalid_content_type()
    if not body.strip():
        raise invalid_body()
    parsed, error = strict_json.parse_strictly(body)
    if error is not None:
        raise error
    if parsed is None and body.strip() != b"null":
        raise invalid_json()
    try:
        return model.model_validate(parsed)
    except ValidationError as invalid:
        raise RequestValidationError(_located_in_body(invalid)) from None


def request_body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting ``model`` as the operation's JSON body: the body is parsed
    by a dependency, so FastAPI would not document it on its own. The schema is inline (the
    body models hold no nested models)."""
    schema = model.model_json_schema(mode="validation")
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _located_in_body(invalid: ValidationError) -> list[dict[str, Any]]:
    # FastAPI's own locations start with "body": the error handler names params from them.
    return [
        {**error, "loc": ("body", *error["loc"])}
        for error in invalid.errors(include_url=False, include_context=False)
    ]
