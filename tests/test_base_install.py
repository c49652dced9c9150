"""The base install, as the Dockerfile makes it: the services run with no extra installed.

A fresh virtual environment gets exactly what the Dockerfile copies and ``pip install .`` (no
extras). From it, the PSP and the Payment Service start as separate processes configured by
environment variables, in production mode, and a token is paid end to end. Nothing of the lab
(Playwright, mermaid-py, diagrams, Jupyter) is there, so an import of one from service code
fails here first.
"""

import json
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fincore.cards.test_cards import TEST_EXPIRY_YEAR, VISA_PAN
from fincore.extras import EXTRAS
from fincore.lab.scaleout.processes import ServiceProcess

ROOT = Path(__file__).resolve().parents[1]


def dockerfile_copies() -> list[str]:
    """The sources of every COPY in the Dockerfile (what the image's ``pip install .`` sees)."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    sources: list[str] = []
    for line in text.splitlines():
        if line.startswith("COPY "):
            sources += line.split()[1:-1]
    return sources


@pytest.fixture(scope="module")
def base_python() -> Iterator[Path]:
    """The interpreter of a fresh venv holding the base install only, built like the image.

    Outside pytest's temporary folder: that one holds what services wrote, which the session's
    PAN tripwire scans, and the package's own sources (the demo page names a test card) are not
    service output.
    """
    with tempfile.TemporaryDirectory(prefix="fincore-base-install-") as scratch:
        yield _base_install(Path(scratch))


def _base_install(folder: Path) -> Path:
    context = folder / "context"
    context.mkdir()
    for source in dockerfile_copies():
        if (ROOT / source).is_dir():
            # What .dockerignore keeps out of the image: build leftovers of a development install.
            leftovers = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(ROOT / source, context / source, ignore=leftovers)
        else:
            shutil.copy2(ROOT / source, context / source)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(context)],
        check=True,
    )
    return python


def run(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Away from the checkout, whose folders (diagrams/, bench/) would import as namespace packages.
    return subprocess.run(
        [str(python), *args], capture_output=True, text=True, timeout=120, cwd=python.parent
    )


def test_the_dockerfile_copies_what_the_package_is_built_from() -> None:
    assert sorted(dockerfile_copies()) == ["README.md", "pyproject.toml", "reference"]


def test_no_extra_is_installed(base_python: Path) -> None:
    lab_modules = [name for names in EXTRAS.values() for name in names]
    probe = (
        "import importlib.util, json, sys; "
        "print(json.dumps([m for m in sys.argv[1:] if importlib.util.find_spec(m)]))"
    )
    found = json.loads(run(base_python, "-c", probe, *lab_modules).stdout)
    assert found == []


def test_the_payment_service_loads_no_card_handling_code(base_python: Path) -> None:
    probe = (
        "import sys, fincore.payments; "
        "print([m for m in sys.modules if m.startswith(('fincore.psp', 'fincore.tripwire'))])"
    )
    assert run(base_python, "-c", probe).stdout.strip() == "[]"


def test_the_cli_answers_and_a_lab_command_names_its_extra(base_python: Path) -> None:
    assert "serve" in run(base_python, "-m", "fincore.cli", "--help").stdout
    pci = run(base_python, "-m", "fincore.pci", "inventory", "http://127.0.0.1:9")
    assert pci.returncode != 0
    assert "pip install 'fincore[diagrams]'" in pci.stderr


@pytest.fixture
def services(base_python: Path, tmp_path: Path) -> Iterator[tuple[str, str, dict[str, str]]]:
    """The PSP and the Payment Service from the base install, in production mode."""
    merchant = {
        "id": "acct_base_install",
        "name": "Base Install Shop",
        "publishable_key": "pk_test_" + secrets.token_hex(12),
        "secret_key": "sk_test_" + secrets.token_hex(24),
        "allowed_origins": [],
    }
    platform_key = "psp_sk_live_" + secrets.token_hex(24)
    merchants = json.dumps([merchant])

    def start(service: str, env: dict[str, str]) -> ServiceProcess:
        folder = tmp_path / service
        process = ServiceProcess(service, env, folder, python=str(base_python))
        return process.start()

    psp = start(
        "psp",
        {
            "FINCORE_PSP_ENVIRONMENT": "production",
            "FINCORE_PSP_PLATFORM_SECRET_KEY": platform_key,
            "FINCORE_PSP_MERCHANTS": merchants,
            "FINCORE_PSP_DATA_DIR": str(tmp_path / "psp-data"),
        },
    )
    payments = start(
        "payments",
        {
            "FINCORE_PAYMENTS_ENVIRONMENT": "production",
            "FINCORE_PAYMENTS_PSP_URL": psp.url,
            "FINCORE_PAYMENTS_PSP_SECRET_KEY": platform_key,
            "FINCORE_PAYMENTS_MERCHANTS": merchants,
            "FINCORE_PAYMENTS_DATA_DIR": str(tmp_path / "payments-data"),
        },
    )
    try:
        yield psp.url, payments.url, merchant
    finally:
        payments.stop()
        psp.stop()


def test_a_token_is_paid_end_to_end(services: tuple[str, str, dict[str, str]]) -> None:
    psp_url, payments_url, merchant = services
    for url in (psp_url, payments_url):
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
    card = {"number": VISA_PAN, "exp_month": 12, "exp_year": TEST_EXPIRY_YEAR, "cvc": "123"}
    token = httpx.post(
        f"{psp_url}/v1/tokens",
        json=card,
        headers={"Authorization": f"Bearer {merchant['publishable_key']}"},
    )
    assert token.status_code == 201, token.text
    payment = httpx.post(
        f"{payments_url}/v1/payments",
        json={"token": token.json()["id"], "amount": 1050, "currency": "usd"},
        headers={"Authorization": f"Bearer {merchant['secret_key']}"},
    )
    assert payment.status_code == 201, payment.text
    assert payment.json()["status"] == "succeeded"
    assert re.fullmatch(r"pay_\w+", payment.json()["id"])
