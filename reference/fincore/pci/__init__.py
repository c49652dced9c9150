"""Browser-side PCI DSS 4.0 controls for the payment page, run in headless Chromium.

- 6.4.3, scripts authorised, integrity-assured and inventoried: ``build_inventory`` (and
  ``python -m fincore.pci inventory``) lists every script the page and its frames load, how SRI
  or the CSP assures it, and who authorised it (``script_authorizations.json``).
- 11.6.1, change and tamper detection: ``snapshot`` records security headers and script hashes
  (``python -m fincore.pci baseline``); ``compare`` reports what changed (``... check``).

``capture`` (async, for notebooks) and ``capture_url`` (sync) load the page; see README.md.
"""

from fincore.extras import require

require("diagrams", "fincore.pci (browser evidence in Chromium)")

from fincore.extras import require

# Everything here drives Chromium through Playwright.
require("diagrams", "fincore.pci (browser evidence in Chromium)")

# ruff: noqa: E402  (the imports below need the extra checked first)
from fincore.pci.authorizations import AuthorizationConfig, load_config, stack_origins
from fincore.pci.baseline import Change, compare, format_changes, snapshot
from fincore.pci.capture import PageCapture, capture, capture_url
from fincore.pci.inventory import Inventory, build_inventory

__all__ = [
    "AuthorizationConfig",
    "Change",
    "Inventory",
    "PageCapture",
    "build_inventory",
    "capture",
    "capture_url",
    "compare",
    "format_changes",
    "load_config",
    "snapshot",
    "stack_origins",
]
