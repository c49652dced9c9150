"""nbval over the committed notebooks: re-executed, their outputs must match what is committed.

nbval collects ``.ipynb`` files only when given ``--nbval`` and a path to them, while the main
``pytest`` run collects ``tests/``. So one child pytest runs nbval over ``notebooks/``, with the
generated sanitize file, in the current environment's kernel, and reports each cell in a JUnit
file. Every cell's output is compared (tables, stories, responses); volatile values are replaced
on both sides first. A small probe notebook, checked in the same run, shows that the comparison
has teeth: a different id passes, a different amount fails.
"""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from fincore.lab.notebooks import NOTEBOOKS, ROOT, SANITIZE_CFG

PROBE = "probe.ipynb"


def probe_notebook():
    """Two cells whose stored outputs differ from what they will print: one only in an id."""
    same_but_id = new_code_cell('print("pay_" + "1" * 32, "succeeded")', execution_count=1)
    same_but_id.outputs = [
        new_output("stream", name="stdout", text="pay_" + "2" * 32 + " succeeded\n")
    ]
    wrong_amount = new_code_cell('print("1050 JPY")', execution_count=2)
    wrong_amount.outputs = [new_output("stream", name="stdout", text="10.50 JPY\n")]
    notebook = new_notebook(cells=[same_but_id, wrong_amount])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


@pytest.fixture(scope="module")
def nbval_results(tmp_path_factory):
    """{(notebook name, "Cell N"): failure message or None} from one nbval run."""
    scratch = tmp_path_factory.mktemp("nbval")
    nbformat.write(probe_notebook(), scratch / PROBE)
    report = scratch / "nbval.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval",
        "--nbval-current-env",
        f"--nbval-sanitize-with={SANITIZE_CFG}",
        f"--junitxml={report}",
        "-o",
        "junit_family=xunit1",  # names each cell's file
        "-p",
        "no:cacheprovider",
        "-q",
        str(NOTEBOOKS),
        str(scratch / PROBE),
    ]
    # A safety net, not a speed target: notebook 03 alone re-runs the threat model's evidence.
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert report.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    results = {}
    for case in ET.parse(report).iter("testcase"):
        failure = case.find("failure")
        file_name = Path(case.get("file", "")).stem
        results[(file_name, case.get("name"))] = (
            None if failure is None else failure.text or "failed"
        )
    return results


def test_the_committed_notebooks_reproduce_their_outputs(nbval_results):
    committed = {key: failure for key, failure in nbval_results.items() if key[0] != "probe"}
    names = {file_name for file_name, _ in committed}
    assert names == {path.stem for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    failed = {key: failure[-1500:] for key, failure in committed.items() if failure}
    assert not failed, failed


def test_a_differing_id_is_sanitized_but_a_differing_amount_fails(nbval_results):
    probe = [
        failure for (file_name, _), failure in sorted(nbval_results.items()) if file_name == "probe"
    ]
    assert len(probe) == 2
    assert probe[0] is None
    assert probe[1] is not None and "10.50 JPY" in probe[1]
