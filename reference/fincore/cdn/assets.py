"""The files the CDN serves, loaded once into memory with their gzip form and validators.

Every file is immutable at its versioned path, so its bytes, gzip bytes and ETags are computed
once at start-up; serving is a dictionary look-up.
"""

import hashlib
from dataclasses import dataclass

from fincore.common.content_coding import accepts_gzip, gzip_bytes
from fincore.common.sdk_dist import SdkBuild

__all__ = ["Asset", "accepts_gzip", "etag_matches", "load_assets", "major_aliases"]

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json",
    ".json": "application/json",
}


@dataclass(frozen=True)
class Asset:
    name: str
    content_type: str
    identity: bytes
    gzipped: bytes
    etag: str

    @property
    def gzip_etag(self) -> str:
        # A different representation needs a different strong validator.
        return self.etag[:-1] + '-gzip"'


def load_assets(build: SdkBuild) -> dict[str, Asset]:
    """Every file of ``build`` by name."""
    assets = {}
    for name in build.file_names:
        content = (build.directory / name).read_bytes()
        digest = hashlib.sha256(content).hexdigest()[:32]
        assets[name] = Asset(
            name=name,
            content_type=CONTENT_TYPES[name[name.rfind(".") :]],
            identity=content,
            # The same file always compresses to the same bytes (and the same ETag).
            gzipped=gzip_bytes(content),
            etag=f'"{digest}"',
        )
    return assets


def major_aliases(build: SdkBuild) -> dict[str, str]:
    """``/sdk/<major>/<alias>`` -> the versioned file it stands for today. A merchant that follows
    the alias gets every 1.x fix without editing its page, and gives up SRI for it (the bytes
    behind the name change); a merchant that pins the versioned file keeps SRI."""
    return {"fincore.js": build.sdk.file, "fincore.mjs": build.esm.file}


def etag_matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: ``W/"x"`` matches ``"x"``."""
    if if_none_match.strip() == "*":
        return True
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return etag in tags
