"""The notebooks as a conformance suite: every notebook runs against a deployment it did not start.

The deployment is ``fincore up --instances 2`` in its own process: two Payment Service processes
on PostgreSQL behind nginx, the PSP (test helpers on), the merchant and the CDN. Its ready file is
its target file. Every section the target's capabilities allow must run, and only the sections
needing what it lacks are skipped; a bare target (no test helpers, no merchant page, no platform
key) skips exactly the sections that need one. No key ever reaches an executed notebook.
"""

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from fincore.lab.notebooks import execute, notebook_paths
from fincore.lab.notebooks import main as notebooks_main
from fincore.lab.target import CAPABILITIES, load_target

# The failure notebook sizes its faults from the Payment Service's PSP timeout: the deployment
# is started with the notebook's default, as a team sets the parameter to its own deployment's.
PSP_TIMEOUT_SECONDS = "0.5"
# The load section measures this machine's build, not the target: kept small here.
SMALL_LOAD = {"requests": 20, "concurrency": 2}
# Where the bare target must skip, and only there: notebook -> {section: what it lacks}.
BARE_SKIPS = {
    "02_payment_service_api": {"A retry while the first is in flight": ["fault_injection"]},
    "04_failure_modes": {
        **{
            title: ["psp_direct", "fault_injection"]
            for title in (
                "A slow PSP, within the timeout",
                "A PSP slower than the timeout",
                "PSP errors, then recovery",
                "Lost responses",
                "A PSP down for every attempt",
                "A capture whose answer is lost",
            )
        },
        "Concurrent submissions of one token": ["psp_direct"],
        "Concurrent retries with one key": ["psp_direct"],
        "Two refunds at once beyond the capture": ["psp_direct"],
    },
}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``fincore up --instances 2`` as a separate process; yields its ready (target) file."""
    folder = tmp_path_factory.mktemp("deployment")
    ready = folder / "target.json"
    command = [sys.executable, "-m", "fincore.cli", "up", "--instances", "2"]
    command += ["--data-dir", str(folder / "data"), "--ready-file", str(ready)]
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "FINCORE_PAYMENTS_PSP_TIMEOUT_SECONDS": PSP_TIMEOUT_SECONDS,
    }
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    try:
        # It prints this line once the ready file is written.
        for line in process.stdout:
            if line.startswith("Ready file written"):
                break
        else:
            raise AssertionError("fincore up exited before it was ready")
        yield ready
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)


@pytest.fixture(scope="module")
def bare_target(deployment: Path) -> Path:
    """The same deployment as a production-mode team would describe it: public APIs only."""
    full = json.loads(deployment.read_text(encoding="utf-8"))
    bare = {key: full[key] for key in ("psp_url", "payments_url", "publishable_key", "secret_key")}
    path = deployment.with_name("bare.json")
    path.write_text(json.dumps({"name": "bare", **bare, "capabilities": []}), encoding="utf-8")
    return path


def run_against(target: Path, out: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Execute the notebooks against ``target``; fails naming any notebook that failed."""
    executed, failed = {}, []
    for source in notebook_paths():
        if names is not None and source.stem not in names:
            continue
        load = SMALL_LOAD if source.stem.startswith("05_") else {}
        run = execute(source, out, {"target": str(target), **load})
        if run.error:
            failed.append(f"{run.name}: {run.error}")
        executed[source.stem] = out / source.name
    assert not failed, failed
    return executed


def summary_of(path: Path) -> dict[str, Any]:
    """The JSON the closing ``run.summary()`` cell shows."""
    last = nbformat.read(path, as_version=4).cells[-1]
    assert "".join(last.source).strip() == "run.summary()", f"{path.name} must end in its summary"
    shown = [o["data"]["application/json"] for o in last.outputs if "data" in o]
    assert len(shown) == 1, f"{path.name}: no summary output"
    summary: dict[str, Any] = shown[0]
    return summary


@pytest.fixture(scope="module")
def full_run(deployment: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return run_against(deployment, tmp_path_factory.mktemp("full"))


def test_every_section_the_target_allows_runs_and_only_the_others_are_skipped(deployment, full_run):
    offered = set(load_target(deployment).capabilities)
    lacking = sorted(set(CAPABILITIES) - offered)
    assert lacking == ["bundled_internals"]
    for name, path in full_run.items():
        summary = summary_of(path)
        assert summary["target"] == "fincore-up"
        for title, checked in summary["checked"].items():
            assert set(checked["needs"]) <= offered and checked["claims"] > 0, (name, title)
        for title, missing in summary["skipped"].items():
            assert missing == lacking, f"{name}: {title} was skipped for {missing}"


def test_the_claims_that_need_test_helpers_were_checked_against_the_deployment(full_run):
    checked = {name: summary_of(path)["checked"] for name, path in full_run.items()}
    assert "Lost responses" in checked["04_failure_modes"]
    assert "A retry while the first is in flight" in checked["02_payment_service_api"]
    assert {"Tokens expire", "Card testing is throttled", "Hostile input, fuzzed"} <= set(
        checked["03_security_and_pci_scope"]
    )
    assert "The deployed page pins fincore.js" in checked["01_tokenization_flow"]


def test_a_bare_target_skips_exactly_what_needs_a_capability(bare_target, tmp_path):
    executed = run_against(bare_target, tmp_path, list(BARE_SKIPS))
    for name, path in executed.items():
        summary = summary_of(path)
        assert summary["skipped"] == BARE_SKIPS[name]
        assert all(not checked["needs"] for checked in summary["checked"].values())
        shown = json.dumps(nbformat.read(path, as_version=4).cells, default=str)
        assert "skipped against bare: needs psp_direct, fault_injection" in shown or (
            name != "04_failure_modes"
        )


def test_no_secret_of_the_target_reaches_an_executed_notebook(deployment, full_run):
    target = load_target(deployment)
    secrets = {
        target.secret_key,
        target.platform_key or "",
        *(m.secret_key for m in target.merchants),
    }
    for name, path in full_run.items():
        text = path.read_text(encoding="utf-8")
        leaked = [s[:8] for s in secrets if s and s in text]
        assert not leaked, f"{name} carries a secret key ({leaked})"


def test_against_the_bundled_stack_the_committed_notebooks_skipped_nothing():
    for path in notebook_paths():
        summary = summary_of(path)
        assert summary["target"] == "bundled-stack" and summary["skipped"] == {}, path.name


def test_the_runner_writes_the_report_for_a_target(deployment, tmp_path):
    overview = next(p for p in notebook_paths() if p.stem.startswith("00_"))
    out = tmp_path / "report"
    assert (
        notebooks_main(["run", "--target", str(deployment), "--out", str(out), str(overview)]) == 0
    )
    assert (out / "index.html").is_file() and (out / f"{overview.stem}.html").is_file()
    assert summary_of(out / overview.name)["target"] == "fincore-up"
