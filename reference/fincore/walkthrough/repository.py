"""Where the notebooks find the repository's files, whatever the working directory.

papermill, nbclient and CI may run a notebook from the repository root, from ``notebooks/`` or
from anywhere else, so nothing here looks at the current directory: paths come from where this
package lives. The notebooks run from a source checkout (``pip install -e .``, as ``make``
does), where ``reference/fincore`` sits two folders below the root.
"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


class NotACheckout(RuntimeError):
    """The package was installed without its repository (a wheel in site-packages)."""


def repository_root() -> Path:
    """The checkout holding this package (with ``notebooks/``, ``diagrams/``, ``bench/``)."""
    root = Path(__file__).resolve().parents[3]
    if not (root / "notebooks").is_dir() or not (root / "reference" / "fincore").is_dir():
        raise NotACheckout(
            f"fincore is installed from {Path(__file__).resolve().parents[1]}, not from a clone of "
            "the repository: the notebooks need the checkout (git clone, then `make notebooks`)."
        )
    return root


def diagrams_folder() -> Path:
    """The generated views (``make diagrams``)."""
    return repository_root() / "diagrams"


def docs_folder() -> Path:
    """The architecture document and the decision records."""
    return repository_root() / "docs"


def import_bench() -> ModuleType:
    """The repository's ``bench`` package (the benchmarks notebook 05 runs), importable as
    ``bench.*`` afterwards. It is not part of the installed package, and ``sys.path`` is left as
    it is: only this one package is registered, from its own folder."""
    if "bench" in sys.modules:
        return sys.modules["bench"]
    folder = repository_root() / "bench"
    spec = importlib.util.spec_from_file_location(
        "bench", folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.loader is None:
        raise NotACheckout(f"no benchmark package at {folder}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    return module
