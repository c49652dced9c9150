"""Fixtures shared by every test folder: a running local stack and clients for it."""

from collections.abc import Iterator

import pytest

from fincore.clients import PaymentsAPI, PSPBrowserAPI
from fincore.common.clock import FakeClock
from fincore.stack import LocalStack, StackOptions


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """One stack per test module, on free loopback ports, with its own data folder."""
    with LocalStack(StackOptions(data_dir=tmp_path_factory.mktemp("stack"))) as running:
        yield running


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
