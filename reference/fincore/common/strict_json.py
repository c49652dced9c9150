"""Refuse ambiguous JSON before any handler reads it.

``{"amount": 100, "amount": -5}`` is valid JSON to most parsers, which keep the last value; a
proxy, a log or a signature check that keeps the first sees another request than the handler.
So a JSON object naming a key twice is refused with ``400 duplicate_key``. Bodies no parser
should accept at all (too deeply nested, not UTF-8, integers past Python's 4300-digit limit) get
``400 invalid_json`` with the reason, instead of FastAPI's generic parse error.

``parse_strictly`` is what the services' body dependencies call after authentication
(``fincore.common.request_body``); ``check`` is the same rule as a body check of the service frame,
for the demo apps that authenticate nobody.
"""

import json
from typing import Any

from starlette.types import Scope

from fincore.common import error_codes
from fincore.common.errors import InvalidRequestError

# A key shown in an error message is cut to this length.
SHOWN_KEY = 100


class DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def check(scope: Scope, body: bytes) -> InvalidRequestError | None:
    """The error an ambiguous or unparseable JSON body deserves (a body check of
    ``fincore.common.frame``)."""
    if not body or not is_json(scope):
        return None
    return parse_strictly(body)[1]


def parse_strictly(body: bytes) -> tuple[Any, InvalidRequestError | None]:
    """The parsed body (None when it does not parse) and the error it deserves: None when it is
    unambiguous JSON, or not JSON at all (FastAPI answers ``invalid_json`` for syntax errors)."""
    try:
        text = body.decode(json.detect_encoding(body), "surrogatepass")
        return _STRICT.decode(text), None
    except DuplicateKeyError as duplicate:
        key = duplicate.key[:SHOWN_KEY]
        return None, InvalidRequestError(
            error_codes.DUPLICATE_KEY,
            f"The key '{key}' appears more than once in one JSON object.",
            key,
        )
    except json.JSONDecodeError:
        return None, None
    except RecursionError:
        return None, _invalid_json("The request body is nested too deeply.")
    except UnicodeDecodeError:
        return None, _invalid_json("The request body is not valid UTF-8.")
    except ValueError:
        # Python refuses integers of more than 4300 digits (CVE-2020-10735).
        return None, _invalid_json("The request body holds a number too long to parse.")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


# Built once (json.loads with a hook builds a decoder per call); decodes like json.loads(bytes).
_STRICT = json.JSONDecoder(object_pairs_hook=_unique_keys)


def _invalid_json(message: str) -> InvalidRequestError:
    return InvalidRequestError(error_codes.INVALID_JSON, message)


def is_json(scope: Scope) -> bool:
    """Whether the request declares a JSON body."""
    # The same rule FastAPI applies before it parses a body as JSON.
    for name, value in scope["headers"]:
        if name == b"content-type":
            media_type: bytes = value.split(b";", 1)[0].strip().lower()
            return media_type == b"application/json" or media_type.endswith(b"+json")
    return False
