"""The platform key both services must agree on, kept here so neither service imports the other.

There is no fixed development key: a published one lets anyone charge any merchant's tokens. A
development stack makes a fresh random key per run (``new_development_key``) and hands it to both
services and to its ready file; production refuses to start without a key set from outside, and
refuses test-mode keys.
"""

import secrets

PLATFORM_KEY_PREFIX = "psp_sk_"
DEVELOPMENT_KEY_PREFIX = "psp_sk_test_"


def new_development_key() -> str:
    """A random test-mode platform key, never reused across runs."""
    return DEVELOPMENT_KEY_PREFIX + secrets.token_hex(24)


def production_key_problem(key: str, name: str) -> str | None:
    """Why ``key`` cannot be the platform key in production, or None when it can."""
    if not key:
        return f"{name} must be set in production (it has no default)"
    if key.startswith(DEVELOPMENT_KEY_PREFIX):
        return (
            f"{name} is a test-mode key ({DEVELOPMENT_KEY_PREFIX}...); production needs a live key"
        )
    return None
