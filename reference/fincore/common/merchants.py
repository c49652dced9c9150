"""Merchant accounts: who may tokenize (publishable key), who may charge (secret key), and which
web origins may frame the PSP's card fields."""

import hmac
import secrets
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

PUBLISHABLE_PREFIX = "pk_test_"
SECRET_PREFIX = "sk_test_"  # noqa: S105  (a key prefix, not a secret)


class MerchantAccount(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    publishable_key: str
    secret_key: str
    allowed_origins: tuple[str, ...] = Field(default=())


def new_merchant(
    merchant_id: str, name: str, allowed_origins: Iterable[str] = ()
) -> MerchantAccount:
    """A merchant with freshly generated keys (never reused across stacks)."""
    return MerchantAccount(
        id=merchant_id,
        name=name,
        publishable_key=PUBLISHABLE_PREFIX + secrets.token_hex(12),
        secret_key=SECRET_PREFIX + secrets.token_hex(24),
        allowed_origins=tuple(allowed_origins),
    )


def demo_merchants(allowed_origins: Iterable[str] = ()) -> list[MerchantAccount]:
    """The two demo merchants every local stack starts with."""
    origins = tuple(allowed_origins)
    return [
        new_merchant("acct_demo_bookshop", "Demo Bookshop", origins),
        new_merchant("acct_demo_coffee", "Demo Coffee Roasters", origins),
    ]


def find_by_key(
    merchants: Iterable[MerchantAccount], key: str, kind: str
) -> MerchantAccount | None:
    """The merchant whose ``kind`` key ("publishable_key" or "secret_key") equals ``key``.

    Compared in constant time, and every account is compared, so timing reveals nothing.
    """
    found = None
    for merchant in merchants:
        if hmac.compare_digest(getattr(merchant, kind).encode(), key.encode()):
            found = merchant
    return found


def redact_key(key: str) -> str:
    """What logs may show of a key: its kind and last four characters."""
    prefix = key[: key.find("_", 3) + 1] if key.count("_") >= 2 else ""
    return f"{prefix}...{key[-4:]}"
