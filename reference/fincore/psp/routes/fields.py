"""``/fields/v1/...``: the card-field pages merchants frame (step 3), and their script and styles.

A page is served only for a known publishable key and an origin that merchant registered; its
``frame-ancestors`` then lets only that merchant's origins frame it. These are browser pages, not
API operations, so they stay out of the OpenAPI document.

Everything here goes out gzip-compressed to a client that accepts it: the page (a few hundred
bytes of markup and its locale's words), the stylesheet and the versioned script, which is
compressed once per build and cached for a year (its name changes with every version).
"""

from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response

from fincore.common.content_coding import accepts_gzip, gzip_bytes
from fincore.common.errors import AuthenticationError, InvalidRequestError, NotFoundError
from fincore.common.merchants import find_by_key
from fincore.common.sdk_dist import SdkBuild, load_build
from fincore.psp import error_codes
from fincore.psp.deps import State
from fincore.psp.fields import (
    DEFAULT_LOCALE,
    FIELD_NAMES,
    STATIC_PREFIX,
    STYLESHEET,
    render,
    stylesheet,
)

router = APIRouter(tags=["card fields"], include_in_schema=False)

IMMUTABLE = "public, max-age=31536000, immutable"
CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".map": "application/json"}
HTML = "text/html; charset=utf-8"
CSS = "text/css; charset=utf-8"
AcceptEncoding = Annotated[str, Header()]


@router.get("/fields/v1/{field}")
async def field_page(
    field: str,
    state: State,
    request: Request,
    key: Annotated[str, Query(max_length=200)],
    origin: Annotated[str, Query(max_length=300)],
    locale: Annotated[str, Query(max_length=16)] = DEFAULT_LOCALE,
    accept_encoding: AcceptEncoding = "",
) -> Response:
    """One card field, for the merchant behind ``key``, framed by ``origin``, in ``locale``."""
    if field not in FIELD_NAMES:
        raise NotFoundError(
            error_codes.RESOURCE_MISSING, f"No such card field: '{field}'.", "field"
        )
    merchant = find_by_key(state.merchants, key, "publishable_key")
    if merchant is None:
        raise AuthenticationError(error_codes.API_KEY_INVALID, "Unknown publishable key.")
    if origin not in merchant.allowed_origins:
        raise InvalidRequestError(
            error_codes.ORIGIN_NOT_ALLOWED,
            "This origin is not registered for the merchant; add it to its allowed origins.",
            "origin",
            status_code=403,
        )
    page = render(field, merchant, origin, _build(request), locale)
    body = page.body.encode("utf-8")
    if accepts_gzip(accept_encoding):
        return _gzipped(gzip_bytes(body), HTML, page.headers)
    return Response(body, media_type=HTML, headers={**page.headers, "Vary": "Accept-Encoding"})


@router.get(STATIC_PREFIX + "{name}")
async def field_asset(
    name: str, request: Request, accept_encoding: AcceptEncoding = ""
) -> Response:
    """The fields' stylesheet and the versioned iframe-side script (and its source map)."""
    gzip = accepts_gzip(accept_encoding)
    if name == STYLESHEET:
        headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        if gzip:
            return _gzipped(_stylesheet_gzipped(), CSS, headers)
        return Response(
            stylesheet(), media_type=CSS, headers={**headers, "Vary": "Accept-Encoding"}
        )
    build = _build(request)
    if name not in (build.fields.file, build.fields.map):
        raise NotFoundError(error_codes.RESOURCE_MISSING, "No such file.")
    media_type = CONTENT_TYPES[name[name.rfind(".") :]]
    headers = {"Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff"}
    path = build.directory / name
    if gzip:
        return _gzipped(_file_gzipped(path), media_type, headers)
    return Response(
        path.read_bytes(), media_type=media_type, headers={**headers, "Vary": "Accept-Encoding"}
    )


def _gzipped(content: bytes, media_type: str, headers: dict[str, str]) -> Response:
    encoded = {**headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    return Response(content, media_type=media_type, headers=encoded)


@cache
def _file_gzipped(path: Path) -> bytes:
    # Versioned files never change under their name: compressed once per process.
    return gzip_bytes(path.read_bytes())


@cache
def _stylesheet_gzipped() -> bytes:
    return gzip_bytes(stylesheet())


def _build(request: Request) -> SdkBuild:
    # The local stack may point the PSP at another build (``app.state.sdk_dist_dir``).
    return load_build(getattr(request.app.state, "sdk_dist_dir", None))
