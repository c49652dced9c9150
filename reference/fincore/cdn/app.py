"""``create_app(settings)``: one CDN host for a fincore.js build."""

from typing import Annotated

from fastapi import APIRouter, FastAPI, Header, Request
from fastapi.responses import Response

from fincore.cdn.assets import Asset, accepts_gzip, etag_matches, load_assets
from fincore.cdn.settings import CDNSettings
from fincore.common.errors import NotFoundError
from fincore.common.service import build_service
from fincore.sdk_dist import load_build

DESCRIPTION = """The FinCore CDN (step 2): fincore.js at immutable, versioned paths.

`GET /sdk/{version}/{file}` serves the SDK, its source map, the iframe-side script and the
manifest holding the SRI hashes. Anything else is a 404 error object.
"""

IMMUTABLE = "public, max-age=31536000, immutable"

router = APIRouter()


def create_app(settings: CDNSettings | None = None) -> FastAPI:
    settings = settings or CDNSettings()
    # Metadata only (method, path without its query, status, sizes): never a body or a query
    # string, where a careless page could have put a card number.
    app, _ = build_service("FinCore CDN", DESCRIPTION, settings.data_dir / "requests.log")
    build = load_build(settings.dist_dir)
    app.state.version = build.version
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
    """One file of the build, compressed when the client accepts gzip."""
    assets: dict[str, Asset] = request.app.state.assets
    asset = assets.get(name)
    if version != request.app.state.version or asset is None:
        raise NotFoundError("resource_missing", f"No such file: /sdk/{version}/{name}.")
    gzipped = accepts_gzip(accept_encoding)
    etag = asset.gzip_etag if gzipped else asset.etag
    headers = {
        "Cache-Control": IMMUTABLE,
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
