"""Where the built fincore.js lives and what its manifest says.

``node sdk/build.mjs`` writes the bundles and ``manifest.json`` into ``sdk/dist``; the CDN serves
the merchant-page SDK from there and the PSP serves the iframe side. ``FINCORE_SDK_DIST`` points
elsewhere (an installed copy, a test build).
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "FINCORE_SDK_DIST"
MANIFEST = "manifest.json"
BUILD_COMMAND = "node sdk/build.mjs"


@dataclass(frozen=True)
class BuiltFile:
    """One bundle as the manifest describes it."""

    file: str
    bytes: int
    integrity: str
    map: str


@dataclass(frozen=True)
class SdkBuild:
    directory: Path
    version: str
    protocol: str
    sdk: BuiltFile
    fields: BuiltFile

    @property
    def file_names(self) -> tuple[str, ...]:
        """Every file the build produced, manifest included."""
        return (MANIFEST, self.sdk.file, self.sdk.map, self.fields.file, self.fields.map)


def default_dist_dir() -> Path:
    """``$FINCORE_SDK_DIST``, else ``sdk/dist`` of the source tree this package runs from."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "sdk" / "dist"


def load_build(directory: Path | None = None) -> SdkBuild:
    """The build in ``directory`` (default: :func:`default_dist_dir`), read from its manifest."""
    folder = directory or default_dist_dir()
    path = folder / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"No fincore.js build at {folder}: run `{BUILD_COMMAND}`.")
    data = json.loads(path.read_text(encoding="utf-8"))
    files = data["files"]
    return SdkBuild(
        directory=folder,
        version=data["version"],
        protocol=data["protocol"],
        sdk=BuiltFile(**files["sdk"]),
        fields=BuiltFile(**files["fields"]),
    )
