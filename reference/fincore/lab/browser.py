"""Launching the system Chromium through Playwright: never a downloaded browser.

Set ``FINCORE_CHROMIUM`` when Chromium lives somewhere other than ``/usr/bin/chromium``.
Notebooks must use the async API (Jupyter already runs an event loop); scripts and pytest may use
either.
"""

import os
from pathlib import Path
from typing import Any

DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Headless in a sandbox with no internet: no background services, no update checks, no QUIC.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def chromium_path() -> str:
    """The Chromium executable, with a message naming the fix when it is missing."""
    path = os.environ.get("FINCORE_CHROMIUM", DEFAULT_CHROMIUM)
    if not Path(path).exists():
        raise FileNotFoundError(
            f"Chromium not found at {path}. Install it (Debian/Ubuntu: apt-get install chromium) "
            "or point FINCORE_CHROMIUM at your Chromium executable."
        )
    return path


def launch_options(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch``."""
    options: dict[str, Any] = {
        "executable_path": chromium_path(),
        "headless": True,
        "args": list(CHROMIUM_ARGS),
    }
    options.update(overrides)
    return options
