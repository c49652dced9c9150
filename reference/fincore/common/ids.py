"""Object ids in the ``prefix_random`` style: typed at a glance and unguessable.

An id is its prefix, an underscore and 128 random bits from ``secrets`` (the operating system's
CSPRNG) in hex: ``tok_`` followed by 32 hex digits. Nothing else is in it, so an id reveals
neither when it was made nor how many came before; 128 bits make guessing any live token or
payment id hopeless. Lists are ordered by each table's own sequence column, not by id.
"""

import secrets

RANDOM_BYTES = 16


def new_id(prefix: str) -> str:
    """``prefix_`` followed by 128 random bits in hex."""
    return f"{prefix}_{secrets.token_hex(RANDOM_BYTES)}"
