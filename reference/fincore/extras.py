"""Optional extras: the lab's tools are installed only where they are used.

The base install (``pip install fincore``) runs the services. Browser evidence and diagrams
need the ``diagrams`` extra (Playwright, mermaid-py, mingrammer diagrams), executing notebooks the
``notebooks`` extra. A module that needs one calls :func:`require` before importing it, so a
missing extra is reported as what to install rather than as a bare ``ModuleNotFoundError``.
"""

import importlib.util

# Which top-level modules each extra brings.
EXTRAS: dict[str, tuple[str, ...]] = {
    "diagrams": ("playwright", "mermaid", "diagrams"),
    "notebooks": ("papermill", "nbconvert", "nbformat", "jupyter_client", "matplotlib"),
}


class MissingExtra(ImportError):
    """A command needs an optional extra that is not installed."""


def require(extra: str, needed_by: str) -> None:
    """Raise :class:`MissingExtra` naming the install command when ``extra`` is incomplete."""
    missing = [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtra(
            f"{needed_by} needs the '{extra}' extra ({', '.join(missing)} not installed): "
            f"pip install 'fincore[{extra}]'"
        )
