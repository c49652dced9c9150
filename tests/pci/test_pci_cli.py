"""``python -m fincore.pci``: inventory, baseline and check, as a person or a CI job runs them.

Two runs go through ``python -m`` end to end; the others call ``main`` with this module's browser
lent to it, which keeps the suite fast and runs the same code.
"""

import json
import subprocess
import sys

import pytest

from fincore.merchant.tamper import tampered_page
from fincore.pci.cli import main

pytestmark = pytest.mark.browser


def pci(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fincore.pci", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def origins(stack) -> list[str]:
    return ["--origin", f"cdn={stack.info.cdn_url}", "--origin", f"psp={stack.info.psp_url}"]


def test_inventory_writes_json_and_markdown_and_exits_0_when_nothing_is_flagged(
    pci_stack, checkout_url, tmp_path
):
    result = pci("inventory", checkout_url, *origins(pci_stack), "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 scripts in 4 documents, 0 flagged" in result.stdout
    data = json.loads((tmp_path / "script-inventory.json").read_text())
    assert data["url"] == checkout_url and data["summary"]["flagged"] == 0
    assert (tmp_path / "script-inventory.md").read_text().startswith("# Script inventory")


def test_inventory_exits_1_and_names_the_scripts_no_entry_authorises(
    checkout_url, tmp_path, capture_page, capsys
):
    # Without --origin, the packaged file's placeholder origins are not the local stack's.
    assert main(["inventory", checkout_url, "--out", str(tmp_path)], capture_page) == 1
    out = capsys.readouterr().out
    assert "4 flagged" in out and out.count(": unauthorised") == 4


def test_check_exits_0_on_the_baseline_page_and_1_with_a_readable_diff_when_tampered(
    pci_stack, checkout_url, skimmer, tmp_path, capture_page, capsys
):
    baseline = str(tmp_path / "baseline.json")
    assert main(["baseline", checkout_url, "--out", baseline], capture_page) == 0
    assert main(["check", checkout_url, "--baseline", baseline], capture_page) == 0
    assert "No change" in capsys.readouterr().out
    with tampered_page(
        pci_stack.merchant_app, extra_scripts=[skimmer.url], extra_script_sources=[skimmer.origin]
    ):
        tampered = pci("check", checkout_url, "--baseline", baseline)
    assert tampered.returncode == 1, tampered.stderr
    assert "2 change(s) since the baseline:" in tampered.stdout
    diff = f"page: header content-security-policy: script-src: added {skimmer.origin}"
    assert diff in tampered.stdout
    assert f"page: script {skimmer.url}: added (sha384-" in tampered.stdout


def test_an_unreadable_baseline_exits_2_before_any_page_is_loaded(tmp_path, capsys):
    (tmp_path / "baseline.json").write_text('{"format": "something else"}')
    code = main(["check", "http://127.0.0.1:9/", "--baseline", str(tmp_path / "baseline.json")])
    assert code == 2
    assert "is not a fincore-pci-baseline/1 baseline" in capsys.readouterr().err


def test_a_page_that_does_not_load_exits_2(pci_stack, tmp_path, capture_page, capsys):
    missing = f"{pci_stack.info.merchant_url}/no-such-page"
    assert main(["baseline", missing, "--out", str(tmp_path / "b.json")], capture_page) == 2
    assert f"{missing} did not load (404)" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()
