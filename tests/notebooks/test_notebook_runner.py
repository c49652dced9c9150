"""``python -m fincore.lab.notebooks``: runs, reports failures in words, keeps commits stable."""

import ast
import copy
import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from fincore.lab.notebooks import (
    NOTEBOOKS,
    NotebookRun,
    normalise,
    notebook_paths,
    run_all,
    title_of,
    write_index,
)

# What every parameters cell offers, so any notebook can be pointed at another deployment.
REQUIRED_PARAMETERS = {
    "target",
    "psp_url",
    "payments_url",
    "publishable_key",
    "secret_key",
    "card",
    "amount",
    "currency",
    "run_browser",
}


def test_the_notebooks_are_numbered_in_reading_order():
    names = [path.name for path in notebook_paths()]
    assert names == sorted(names)
    assert {"02_payment_service_api.ipynb", "04_failure_modes.ipynb"} <= set(names)


def test_each_notebook_opens_with_title_summary_audience_and_run_time():
    for path in notebook_paths():
        opening = nbformat.read(path, as_version=4).cells[0]
        lines = opening.source.splitlines()
        assert opening.cell_type == "markdown" and lines[0].startswith("# "), path.name
        assert any(line.startswith("> ") for line in lines), f"{path.name}: no > summary"
        assert "**For:**" in opening.source, f"{path.name}: says not whom it is for"
        assert "**Runs in:**" in opening.source, f"{path.name}: says not how long it runs"


def test_each_parameters_cell_holds_literal_defaults_only():
    for path in notebook_paths():
        cells = nbformat.read(path, as_version=4).cells
        tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: one parameters cell expected"
        statements = ast.parse(tagged[0].source).body
        assert all(
            isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant) for s in statements
        ), f"{path.name}: the parameters cell may only assign literal defaults"
        names = {s.targets[0].id for s in statements}
        assert names >= REQUIRED_PARAMETERS, f"{path.name}: missing {REQUIRED_PARAMETERS - names}"
        defaults = {s.targets[0].id: s.value.value for s in statements}
        assert all(defaults[name] is None for name in ("target", "psp_url", "payments_url"))


def test_the_committed_notebooks_carry_outputs_and_are_normalised():
    for path in notebook_paths():
        committed = nbformat.read(path, as_version=4)
        code = [cell for cell in committed.cells if cell.cell_type == "code"]
        assert all(cell.execution_count for cell in code), f"{path.name} was not executed"
        assert normalise(copy.deepcopy(committed)) == committed, (
            f"{path.name} is not normalised: "
            "refresh it with `python -m fincore.lab.notebooks refresh`"
        )


def test_normalising_drops_run_metadata_and_sanitizes_text_outputs():
    cell = new_code_cell("x", execution_count=1)
    cell.metadata.update(papermill={"duration": 0.1}, execution={"shell": "t"}, tags=["keep"])
    cell.outputs = [
        new_output("stream", name="stdout", text="at 127.0.0.1:4321\n"),
        new_output(
            "execute_result",
            data={"text/html": "<td>tok_" + "a" * 32 + "</td>", "image/png": "iVBOR"},
            execution_count=1,
        ),
    ]
    notebook = new_notebook(cells=[cell])
    notebook.metadata.update(
        papermill={"start_time": "t"}, language_info={"name": "python", "version": "3.11"}
    )
    normalise(notebook)
    assert "papermill" not in notebook.metadata
    assert notebook.metadata.language_info == {"name": "python"}
    assert cell.metadata == {"tags": ["keep"]}
    assert cell.outputs[0].text == "at 127.0.0.1:<port>\n"
    assert cell.outputs[1].data == {"text/html": "<td>tok_<id></td>", "image/png": "iVBOR"}


def test_a_failing_notebook_is_reported_with_its_claim_and_still_rendered(tmp_path):
    broken = tmp_path / "source" / "09_broken.ipynb"
    broken.parent.mkdir()
    failing = "from fincore.walkthrough import claim\nclaim(False, 'the PSP answers', step='6')"
    notebook = new_notebook(
        cells=[new_markdown_cell("# Broken on purpose"), new_code_cell(failing)]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, broken)
    out = tmp_path / "out"
    [run] = run_all(out, sources=[broken])
    assert run.error is not None
    assert run.error.startswith("ClaimFailed: This claim does not hold (step 6: the PSP answers)")
    assert (out / "09_broken.html").exists()
    assert "the PSP answers" in (out / "index.html").read_text(encoding="utf-8")


def test_the_index_links_every_notebook_with_its_time(tmp_path):
    runs = [NotebookRun("02_api", "The API", 4.2), NotebookRun("04_faults", "Faults", 6.0, "E: x")]
    page = write_index(runs, tmp_path).read_text(encoding="utf-8")
    assert '<a href="02_api.html">The API</a>' in page and "<td>4.2 s</td>" in page
    assert "<code>E: x</code>" in page
    assert "2 notebooks executed in 10.2 s, 1 failed" in page


def test_titles_come_from_the_first_heading():
    assert title_of(NOTEBOOKS / "04_failure_modes.ipynb").startswith("Failure modes")
    assert json.loads((NOTEBOOKS / "02_payment_service_api.ipynb").read_text())["nbformat"] == 4
