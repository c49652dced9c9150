"""Where the built fincore.js lives and what its manifest says.

``node sdk/build.mjs`` writes the bundles, the TypeScript declarations and ``manifest.json`` into
``sdk/dist``; the CDN serves the merchant-page SDK (script and ES module) from there and the PSP
serves the iframe side. ``FINCORE_SDK_DIST`` points
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
    esm: BuiltFile
    fields: BuiltFile
    types: str

    @property
    def file_names(self) -> tuple[str, ...]:
        """Every file the CDN serves: the bundles, their maps and the manifest (the declarations
        are for the npm package)."""
        bundles = (self.sdk, self.esm, self.fields)
        return (MANIFEST, *(name for built in bundles for name in (built.file, built.map)))

    @property
    def major(self) -> str:
        """The major version, as in the CDN's ``/sdk/<major>/`` alias."""
        return self.version.split(".", 1)[0]


def default_dist_dir() -> Path:
    """``$FINCORE_SDK_DIST``, else ``sdk/dist`` of the source tree this package runs from."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "sdk" / "dist"


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
        esm=BuiltFile(**files["esm"]),
        fields=BuiltFile(**files["fields"]),
        types=data["types"],
    )
