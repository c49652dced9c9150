"""Validating what a shopper typed, with the error codes card networks' APIs made familiar.

Order matters and mirrors what the fields show: number first, then expiry, then CVC.
"""

import datetime as dt
import re
from dataclasses import dataclass

from fincore.cards.brands import Brand, detect_brand
from fincore.cards.luhn import luhn_valid
from fincore.common.errors import CardError
from fincore.psp import error_codes

# Cards are not issued with expiry dates further out than this.
MAX_YEARS_AHEAD = 20


@dataclass(frozen=True)
class ValidCard:
    number: str
    brand: Brand
    exp_month: int
    exp_year: int


# ASCII digits only: str.isdigit() and \d also take full-width, Arabic-Indic and other digits,
# which would give one card several spellings (another fingerprint, a decline side-stepped, a
# last4 in full-width digits downstream).
ASCII_DIGITS = re.compile(r"[0-9]+")


def normalise_number(raw: str) -> str:
    """The number without the spaces and dashes shoppers type between groups."""
    return re.sub(r"[ -]", "", raw)


def validate_number(raw: str) -> tuple[str, Brand]:
    number = normalise_number(raw)
    if not ASCII_DIGITS.fullmatch(number):
        raise CardError(
            error_codes.INVALID_NUMBER,
            "The card number may contain only the ASCII digits 0-9 "
            "(spaces and dashes between groups are ignored).",
            "number",
        )
    brand = detect_brand(number)
    if brand is None:
        raise CardError(
            error_codes.INVALID_NUMBER, "The card number is not a supported card.", "number"
        )
    if len(number) not in brand.lengths:
        raise CardError(
            error_codes.INVALID_NUMBER,
            f"A {brand.name} card number has {_lengths(brand)} digits.",
            "number",
        )
    if not luhn_valid(number):
        raise CardError(error_codes.INCORRECT_NUMBER, "The card number is incorrect.", "number")
    return number, brand


def validate_expiry(exp_month: int, exp_year: int, today: dt.date) -> tuple[int, int]:
    if not 1 <= exp_month <= 12:
        raise CardError(
            error_codes.INVALID_EXPIRY_MONTH, "The expiration month must be 1 to 12.", "exp_month"
        )
    year = exp_year + 2000 if 0 <= exp_year < 100 else exp_year
    if year < today.year or year > today.year + MAX_YEARS_AHEAD:
        raise CardError(
            error_codes.INVALID_EXPIRY_YEAR, "The expiration year is invalid.", "exp_year"
        )
    if year == today.year and exp_month < today.month:
        raise CardError(
            error_codes.INVALID_EXPIRY_MONTH, "The expiration date is in the past.", "exp_month"
        )
    return exp_month, year


def validate_cvc(cvc: str, brand: Brand) -> None:
    if not (ASCII_DIGITS.fullmatch(cvc) and len(cvc) == brand.cvc_length):
        raise CardError(
            error_codes.INVALID_CVC,
            f"A {brand.name} security code has {brand.cvc_length} ASCII digits (0-9).",
            "cvc",
        )


def validate_card(
    number: str, exp_month: int, exp_year: int, cvc: str, today: dt.date
) -> ValidCard:
    """The card if every field is valid, else the CardError for the first field that is not."""
    digits, brand = validate_number(number)
    month, year = validate_expiry(exp_month, exp_year, today)
    validate_cvc(cvc, brand)
    return ValidCard(digits, brand, month, year)


def _lengths(brand: Brand) -> str:
    values = sorted(brand.lengths)
    return " or ".join(str(v) for v in values)
