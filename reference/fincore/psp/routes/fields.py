"""``/fields/v1/...``: the card-field pages merchants frame (step 3), and their script and styles.

A page is served only for a known publishable key and an origin that merchant registered; its
``frame-ancestors`` then lets only that merchant's origins frame it. These are browser pages, not
API operations, so they stay out of the OpenAPI document.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from fincore.common.errors import AuthenticationError, InvalidRequestError, NotFoundError
from fincore.common.merchants import find_by_key
from fincore.psp.deps import State
from fincore.psp.fields import FIELD_NAMES, STATIC_PREFIX, STYLESHEET, render, stylesheet
from fincore.sdk_dist import SdkBuild, load_build

router = APIRouter(tags=["card fields"], include_in_schema=False)

IMMUTABLE = "public, max-age=31536000, immutable"
CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".map": "application/json"}


@router.get("/fields/v1/{field}", response_class=HTMLResponse)
async def field_page(
    field: str,
    state: State,
    request: Request,
    key: Annotated[str, Query(max_length=200)],
    origin: Annotated[str, Query(max_length=300)],
) -> HTMLResponse:
    """One card field, for the merchant behind ``key``, framed by ``origin``."""
    if field not in FIELD_NAMES:
        raise NotFoundError("resource_missing", f"No such card field: '{field}'.", "field")
    merchant = find_by_key(state.merchants, key, "publishable_key")
    if merchant is None:
        raise AuthenticationError("api_key_invalid", "Unknown publishable key.")
    if origin not in merchant.allowed_origins:
        raise InvalidRequestError(
            "origin_not_allowed",
            "This origin is not registered for the merchant; add it to its allowed origins.",
            "origin",
            status_code=403,
        )
    page = render(field, merchant, origin, _build(request))
    return HTMLResponse(page.body, headers=page.headers)


@router.get(STATIC_PREFIX + "{name}")
async def field_asset(name: str, request: Request) -> Response:
    """The fields' stylesheet and the versioned iframe-side script (and its source map)."""
    if name == STYLESHEET:
        return Response(stylesheet(), media_type="text/css", headers={"Cache-Control": "no-cache"})
    build = _build(request)
    if name not in (build.fields.file, build.fields.map):
        raise NotFoundError("resource_missing", "No such file.")
    suffix = name[name.rfind(".") :]
    content = (build.directory / name).read_bytes()
    return Response(
        content,
        media_type=CONTENT_TYPES[suffix],
        headers={"Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff"},
    )


def _build(request: Request) -> SdkBuild:
    # The local stack may point the PSP at another build (``app.state.sdk_dist_dir``).
    return load_build(getattr(request.app.state, "sdk_dist_dir", None))
