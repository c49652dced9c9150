"""Card brands: how to recognise one from its first digits, and what lengths it allows."""

from dataclasses import dataclass

DEFAULT_GROUPS = (4, 4, 4, 4, 3)


@dataclass(frozen=True)
class Brand:
    name: str
    lengths: frozenset[int]
    cvc_length: int
    # Inclusive ranges of leading digits (IIN ranges), compared on as many digits as each bound has.
    prefixes: tuple[tuple[int, int], ...]
    # Digit groups for display formatting, e.g. 4-6-5 for Amex.
    groups: tuple[int, ...] = DEFAULT_GROUPS

    def matches(self, number: str) -> bool:
        for low, high in self.prefixes:
            width = len(str(low))
            if len(number) >= width and low <= int(number[:width]) <= high:
                return True
        return False


VISA = Brand("visa", frozenset({13, 16, 19}), 3, ((4, 4),))
MASTERCARD = Brand("mastercard", frozenset({16}), 3, ((51, 55), (2221, 2720)))
AMEX = Brand("amex", frozenset({15}), 4, ((34, 34), (37, 37)), groups=(4, 6, 5))
DISCOVER = Brand(
    "discover",
    frozenset({16, 19}),
    3,
    ((6011, 6011), (644, 649), (65, 65), (622126, 622925)),
)

JCB = Brand("jcb", frozenset({16, 17, 18, 19}), 3, ((3528, 3589),))
# Diners Club International (14 digits, 4-6-4) and the 16-19 digit cards issued on its ranges.
DINERS = Brand(
    "diners",
    frozenset({14, 16, 17, 18, 19}),
    3,
    ((300, 305), (309, 309), (36, 36), (38, 39)),
    groups=(4, 6, 4),
)
# After Discover, whose co-branded 622126-622925 range lies inside UnionPay's 62.
UNIONPAY = Brand("unionpay", frozenset({16, 17, 18, 19}), 3, ((62, 62),))

# Detection takes the first brand that matches, so narrower ranges come before wider ones.
ALL_BRANDS = (VISA, MASTERCARD, AMEX, DISCOVER, JCB, DINERS, UNIONPAY)
BY_NAME = {brand.name: brand for brand in ALL_BRANDS}


def detect_brand(number: str) -> Brand | None:
    """The brand whose IIN ranges cover ``number``, or None for an unknown brand."""
    return next((brand for brand in ALL_BRANDS if brand.matches(number)), None)


def format_number(number: str) -> str:
    """Group digits the way the brand prints them (4-6-5 Amex, 4-6-4 Diners, else 4-4-4-4).

    A number longer than its brand's groups (a 16-digit Diners card) is grouped 4-4-4-4.
    """
    brand = detect_brand(number)
    groups = brand.groups if brand and len(number) <= sum(brand.groups) else DEFAULT_GROUPS
    parts, start = [], 0
    for size in groups:
        if start >= len(number):
            break
        parts.append(number[start : start + size])
        start += size
    if start < len(number):
        parts.append(number[start:])
    return " ".join(parts)
