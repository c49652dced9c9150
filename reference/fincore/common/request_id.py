"""``Request-Id``: one id per request, on its answer and in its request log line.

A caller may send its own ``Request-Id`` to tie our log line to its own; it is echoed only when
it is a short plain token (``fincore.common.echo``). Anything else (header injection, markup, a
card number pasted by mistake, a megabyte of text) is never reflected: the request gets an id of
ours instead, ``req_`` and 128 random bits.

A request id is a handle for finding a log line, not a secret: it must be unique, not
unpredictable. Its bits come from ``random`` (seeded from the OS at start and again in each
forked process), which costs a tenth of a ``secrets`` call on every request; the ids that guard
something (tokens, payments, keys) stay with ``fincore.common.ids``.
"""

import random

from starlette.types import Scope

from fincore.common.echo import is_safe_token
from fincore.common.headers import header

REQUEST_ID_HEADER = "Request-Id"


def request_id(scope: Scope) -> str:
    """The caller's ``Request-Id`` if it is safe to echo, else a new one."""
    sent = header(scope, b"request-id")
    if sent is not None:
        caller_id = sent.decode("latin-1")
        if is_safe_token(caller_id):
            return caller_id
    return f"req_{random.getrandbits(128):032x}"  # noqa: S311 - unique, not secret (above)
