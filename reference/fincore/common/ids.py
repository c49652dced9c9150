"""Object ids in the ``prefix_random`` style: unguessable, typed at a glance."""

import secrets


def new_id(prefix: str, nbytes: int = 16) -> str:
    """``prefix_`` followed by ``nbytes`` of randomness (16 bytes = 128 bits), URL-safe."""
    return f"{prefix}_{secrets.token_hex(nbytes)}"
