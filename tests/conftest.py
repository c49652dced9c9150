"""Fixtures shared by every test folder: a running local stack and clients for it."""

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from fincore.common.clock import FakeClock
from fincore.lab.clients import PaymentsAPI, PSPBrowserAPI
from fincore.lab.stack import LocalStack, StackOptions


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """One stack per test module, on free loopback ports, with its own data folder."""
    with LocalStack(StackOptions(data_dir=tmp_path_factory.mktemp("stack"))) as running:
        yield running


@dataclass
class FincoreUp:
    """A running ``fincore up``: what it printed until ready, and its ready file."""

    banner: list[str]
    info: dict[str, Any]
    # Filled when the process has stopped.
    output: str = ""
    returncode: int | None = None
    process: Any = field(default=None, repr=False)


@contextmanager
def _fincore_up(folder: Path, *args: str) -> Iterator[FincoreUp]:
    ready = folder / "ready.json"
    command = [sys.executable, "-m", "fincore.cli", "up", *args]
    command += ["--data-dir", str(folder / "data"), "--ready-file", str(ready)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    assert process.stdout is not None
    banner = []
    try:
        # It prints this line once the ready file is written: no polling for the file.
        for line in process.stdout:
            banner.append(line)
            if line.startswith("Ready file written"):
                break
        else:
            raise AssertionError(f"fincore up exited before it was ready: {''.join(banner)}")
        run = FincoreUp(banner, json.loads(ready.read_text()), process=process)
        yield run
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
    run.output, run.returncode = out, process.returncode


@pytest.fixture
def fincore_up(tmp_path: Path) -> Callable[..., Any]:
    """``with fincore_up("--instances", "2") as run:`` starts ``fincore up`` as a user would."""
    return lambda *args: _fincore_up(tmp_path, *args)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def clocked_stack(
    tmp_path_factory: pytest.TempPathFactory, clock: FakeClock
) -> Iterator[LocalStack]:
    """A stack whose services read the fake clock: expiry is tested by advancing it."""
    options = StackOptions(data_dir=tmp_path_factory.mktemp("clocked"), clock=clock)
    with LocalStack(options) as running:
        yield running


@pytest.fixture
def shopper(stack: LocalStack) -> Iterator[PSPBrowserAPI]:
    """The first demo merchant's card iframe: tokenizes with its publishable key."""
    api = PSPBrowserAPI(stack.info.psp_url, stack.info.merchants[0].publishable_key)
    yield api
    api.close()


@pytest.fixture
def merchant(stack: LocalStack) -> Iterator[PaymentsAPI]:
    """The first demo merchant's backend: charges with its secret key."""
    api = PaymentsAPI(stack.info.payments_url, stack.info.merchants[0].secret_key)
    yield api
    api.close()


@pytest.fixture
def other_merchant(stack: LocalStack) -> Iterator[PaymentsAPI]:
    api = PaymentsAPI(stack.info.payments_url, stack.info.merchants[1].secret_key)
    yield api
    api.close()


# Folders of components outside PCI scope: nothing under them may ever hold a card number.
OUT_OF_SCOPE_FOLDERS = ("payments", "merchant", "cdn")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the whole suite, scan what every out-of-scope service wrote; any PAN fails the run."""
    from fincore.tripwire import scan_tree

    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    base = factory.getbasetemp()
    findings = [
        finding
        for name in OUT_OF_SCOPE_FOLDERS
        for folder in sorted(base.rglob(f"{name}*"))
        if folder.is_dir()
        for finding in scan_tree(folder)
    ]
    if findings:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = "\n".join(f"  {finding}" for finding in findings)
        if reporter is not None:
            reporter.write_line(
                f"PAN tripwire: out-of-scope services wrote card numbers:\n{lines}", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
