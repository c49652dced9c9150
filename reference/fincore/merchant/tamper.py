"""TEST ONLY: make a running demo merchant serve a tampered checkout page for a while.

The security tests and notebook need a page that changed the way an attacker would change it — an
extra (skimmer) script, a loosened script-src — to show the browser controls catching it. The
tamper settings (``MerchantSettings.tamper_*``) are off by default; this swaps them in on a
running app and always swaps the original settings back::

    with tampered_page(stack.merchant_app, extra_scripts=[skimmer.url]):
        ...  # GET / now serves the tampered page
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from fastapi import FastAPI

from fincore.merchant.settings import MerchantSettings


@contextmanager
def tampered_page(
    app: FastAPI, extra_scripts: Sequence[str] = (), extra_script_sources: Sequence[str] = ()
) -> Iterator[MerchantSettings]:
    """Serve the checkout page with ``extra_scripts`` tags and ``extra_script_sources`` in its
    script-src until the block ends."""
    original: MerchantSettings = app.state.settings
    # Handlers read app.state.settings per request: one assignment switches every later request.
    tampered = original.model_copy(
        update={
            "tamper_extra_scripts": list(extra_scripts),
            "tamper_extra_script_sources": list(extra_script_sources),
        }
    )
    app.state.settings = tampered
    try:
        yield tampered
    finally:
        app.state.settings = original
