"""ISO 4217 currencies and their minor-unit exponents (how many decimals an amount has)."""

# A practical subset of ISO 4217: every zero- and three-decimal currency, and the common two-decimal
# ones. Amounts are always integers in minor units: 1000 USD is $10.00, 1000 JPY is 1000 yen,
# 1000 KWD is 1.000 dinar.
ZERO_DECIMAL = frozenset(
    "bif clp djf gnf isk jpy kmf krw pyg rwf ugx uyi vnd vuv xaf xof xpf".split()
)
THREE_DECIMAL = frozenset("bhd iqd jod kwd lyd omr tnd".split())
TWO_DECIMAL = frozenset(
    """
    aed ars aud bdt bgn brl cad chf cny cop czk dkk egp eur gbp ghs hkd huf idr ils inr kes mad
    mxn myr ngn nok nzd pen php pkr pln qar ron rsd rub sar sek sgd thb try twd uah usd zar
    """.split()
)

EXPONENTS: dict[str, int] = {
    **dict.fromkeys(ZERO_DECIMAL, 0),
    **dict.fromkeys(TWO_DECIMAL, 2),
    **dict.fromkeys(THREE_DECIMAL, 3),
}


def exponent(currency: str) -> int | None:
    """Minor-unit exponent of a currency code (any case), or None when the code is unknown."""
    return EXPONENTS.get(currency.lower())


def format_amount(amount: int, currency: str) -> str:
    """Human form of a minor-unit amount: ``format_amount(1050, "usd") == "10.50 USD"``."""
    digits = exponent(currency)
    if digits is None:
        raise ValueError(f"unknown currency {currency!r}")
    major = amount / 10**digits
    return f"{major:.{digits}f} {currency.upper()}"
