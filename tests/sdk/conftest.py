"""Helpers for the SDK tests: run the build, and read the SDK's own modules through Node."""

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdk"


def run_build(outdir: Path) -> None:
    subprocess.run(
        ["node", str(SDK / "build.mjs"), "--outdir", str(outdir)],
        check=True,
        capture_output=True,
        text=True,
    )


def node_json(script: str) -> Any:
    """Run an ES module snippet in sdk/ and parse what it prints as JSON."""
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        cwd=SDK,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def sdk_dir() -> Path:
    return SDK


@pytest.fixture(scope="session")
def build_into() -> Any:
    """``build_into(folder)`` runs ``node sdk/build.mjs --outdir folder``."""
    return run_build


@pytest.fixture(scope="session")
def node() -> Any:
    """``node(script)``: run an ES module snippet in sdk/, parse what it prints as JSON."""
    return node_json


@pytest.fixture(scope="session")
def shared_js() -> Any:
    """The shared constants, error catalogue, style allow-list and the frames' brand table."""
    return node_json(SHARED_MODULES)


SHARED_MODULES = """
import * as constants from './src/shared/constants.js';
import * as errors from './src/shared/errors.js';
import * as styles from './src/shared/styles.js';
import { BRANDS } from './src/frame/cards.js';
const plainErrors = { ...errors, FinCoreError: null };
console.log(JSON.stringify({ constants, errors: plainErrors, styles, BRANDS }));
"""


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the current sources in a temporary folder."""
    outdir = tmp_path_factory.mktemp("sdk-build")
    run_build(outdir)
    return outdir
