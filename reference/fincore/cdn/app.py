"""``create_app(settings)``: one CDN host for a fincore.js build."""

from typing import Annotated

from fastapi import APIRouter, FastAPI, Header, Request
from fastapi.responses import Response
from starlette.datastructures import State

from fincore.cdn.assets import Asset, accepts_gzip, etag_matches, load_assets, major_aliases
from fincore.cdn.settings import CDNSettings
from fincore.common import error_codes
from fincore.common.errors import NotFoundError
from fincore.common.sdk_dist import load_build
from fincore.common.service import build_service

DESCRIPTION = """The FinCore CDN (step 2): fincore.js at immutable, versioned paths.

`GET /sdk/{version}/{file}` serves the SDK (script and ES module), its source maps, the
iframe-side script and the manifest holding the SRI hashes, cached as immutable.
`GET /sdk/{major}/fincore.js` (and `fincore.mjs`) is the major-version alias: the newest build
of that major version, cached for five minutes, for pages that follow fixes without SRI.
Anything else is a 404 error object.
"""

IMMUTABLE = "public, max-age=31536000, immutable"
# Short enough that a fix reaches alias users within minutes, long enough to absorb a page's
# traffic peak.
ALIAS_CACHE = "public, max-age=300"

router = APIRouter()


def create_app(settings: CDNSettings | None = None) -> FastAPI:
    settings = settings or CDNSettings()
    # Metadata only (method, path without its query, status, sizes): never a body or a query
    # string, where a careless page could have put a card number.
    app, _ = build_service("FinCore CDN", DESCRIPTION, settings.data_dir / "requests.log")
    build = load_build(settings.dist_dir)
    app.state.version = build.version
    app.state.major = build.major
    app.state.aliases = major_aliases(build)
    app.state.assets = load_assets(build)
    app.include_router(router)
    return app


@router.get("/healthz", summary="Liveness")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/sdk/{version}/{name}", summary="A fincore.js file")
# HEAD answers the same, undocumented: one operation per path and method keeps the ids unique.
@router.head("/sdk/{version}/{name}", include_in_schema=False)
async def sdk_file(
    version: str,
    name: str,
    request: Request,
    accept_encoding: Annotated[str, Header()] = "",
    if_none_match: Annotated[str, Header()] = "",
) -> Response:
    """One file of the build (or a major-version alias), compressed when the client accepts
    gzip."""
    asset, cache_control = _find(request.app.state, version, name)
    if asset is None:
        raise NotFoundError(error_codes.RESOURCE_MISSING, f"No such file: /sdk/{version}/{name}.")
    gzipped = accepts_gzip(accept_encoding)
    etag = asset.gzip_etag if gzipped else asset.etag
    headers = {
        "Cache-Control": cache_control,
        "Access-Control-Allow-Origin": "*",
        "Cross-Origin-Resource-Policy": "cross-origin",
        "Timing-Allow-Origin": "*",
        "ETag": etag,
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
    }
    if if_none_match and etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    body = asset.gzipped if gzipped else asset.identity
    return Response(body, media_type=asset.content_type, headers=headers)


def _find(state: State, version: str, name: str) -> tuple[Asset | None, str]:
    assets: dict[str, Asset] = state.assets
    if version == state.version:
        return assets.get(name), IMMUTABLE
    if version == state.major and name in state.aliases:
        return assets.get(state.aliases[name]), ALIAS_CACHE
    return None, IMMUTABLE
