"""The CDN host: immutable versioned files with the headers SRI needs, gzip, ETags, 404s."""

import base64
import gzip
import hashlib
import json

import httpx
import pytest

from fincore.cdn import CDNSettings, create_app
from fincore.common.sdk_dist import default_dist_dir, load_build
from fincore.hosting.server import ThreadedServer

BUILD = load_build()
SDK_PATH = f"/sdk/{BUILD.version}/{BUILD.sdk.file}"
IDENTITY = {"Accept-Encoding": "identity"}


@pytest.fixture(scope="module")
def cdn(tmp_path_factory):
    settings = CDNSettings(data_dir=tmp_path_factory.mktemp("cdn"), dist_dir=default_dist_dir())
    server = ThreadedServer(create_app(settings), "cdn").start()
    with httpx.Client(base_url=server.url) as client:
        client.data_dir = settings.data_dir
        yield client
    server.stop()


def test_the_sdk_is_served_with_immutable_caching_and_cors_for_sri(cdn):
    response = cdn.get(SDK_PATH, headers=IDENTITY)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["etag"].startswith('"')
    assert "content-encoding" not in response.headers
    digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
    assert BUILD.sdk.integrity == f"sha384-{digest}"


def test_gzip_is_served_when_asked_and_decodes_to_the_same_bytes(cdn):
    response = cdn.get(SDK_PATH, headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.content == (BUILD.directory / BUILD.sdk.file).read_bytes()
    identity = cdn.get(SDK_PATH, headers=IDENTITY)
    assert response.headers["etag"] != identity.headers["etag"]


@pytest.mark.parametrize("accept", ["identity", "gzip;q=0", "br", "*;q=0", ""])
def test_no_gzip_unless_acceptable(cdn, accept):
    response = cdn.get(SDK_PATH, headers={"Accept-Encoding": accept})
    assert "content-encoding" not in response.headers


def test_the_compressed_bytes_are_stable(cdn):
    def compressed():
        with cdn.stream("GET", SDK_PATH, headers={"Accept-Encoding": "gzip"}) as response:
            return b"".join(response.iter_raw())

    first = compressed()
    assert first == compressed()
    assert gzip.decompress(first) == (BUILD.directory / BUILD.sdk.file).read_bytes()


def test_a_matching_etag_gets_304(cdn):
    etag = cdn.get(SDK_PATH, headers=IDENTITY).headers["etag"]
    response = cdn.get(SDK_PATH, headers={**IDENTITY, "If-None-Match": f"W/{etag}"})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag


def test_head_answers_headers_only(cdn):
    response = cdn.head(SDK_PATH, headers=IDENTITY)
    assert response.status_code == 200
    assert response.content == b""


def test_the_manifest_source_map_and_fields_script_are_served(cdn):
    manifest = cdn.get(f"/sdk/{BUILD.version}/manifest.json").json()
    assert manifest["files"]["sdk"]["integrity"] == BUILD.sdk.integrity
    for name in (BUILD.sdk.map, BUILD.fields.file):
        assert cdn.get(f"/sdk/{BUILD.version}/{name}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/sdk/0.0.1/{BUILD.sdk.file}",
        f"/sdk/{BUILD.version}/fincore-latest.js",
        f"/sdk/{BUILD.version}/..%2F..%2Fpyproject.toml",
        "/fincore.js",
        "/",
    ],
)
def test_anything_else_is_a_404_error_object(cdn, path):
    response = cdn.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "resource_missing"


def test_the_cdn_logs_request_metadata_never_a_body_or_query_string(cdn):
    cdn.post("/sdk/upload?card=4242424242424242", content=b"number=4242424242424242")
    written = "".join(path.read_text() for path in cdn.data_dir.rglob("*") if path.is_file())
    assert "4242424242424242" not in written
    [record] = [r for r in map(json.loads, written.splitlines()) if r["path"] == "/sdk/upload"]
    assert (record["method"], record["status"], record["request_bytes"]) == ("POST", 404, 23)


@pytest.mark.parametrize(("alias", "versioned"), [("fincore.js", "sdk"), ("fincore.mjs", "esm")])
def test_the_major_version_alias_serves_the_current_build_with_a_short_cache(cdn, alias, versioned):
    response = cdn.get(f"/sdk/{BUILD.major}/{alias}", headers=IDENTITY)
    assert response.status_code == 200
    built = getattr(BUILD, versioned)
    assert response.content == (BUILD.directory / built.file).read_bytes()
    assert response.headers["cache-control"] == "public, max-age=300"
    assert "immutable" not in response.headers["cache-control"]
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["access-control-allow-origin"] == "*"
    pinned = cdn.get(f"/sdk/{BUILD.version}/{built.file}", headers=IDENTITY)
    assert "immutable" in pinned.headers["cache-control"]
    assert response.headers["etag"] == pinned.headers["etag"]


@pytest.mark.parametrize(
    "path",
    ["/sdk/1/manifest.json", "/sdk/1/fincore-fields.js", "/sdk/2/fincore.js", "/sdk/0/fincore.js"],
)
def test_only_the_sdk_itself_has_a_major_version_alias(cdn, path):
    response = cdn.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "resource_missing"
