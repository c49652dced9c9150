"""The notebooks' papermill parameters, checked in the cell after the parameters cell.

papermill turns ``-p card 4000000000009995`` into an int and ``-p amount 1050`` into an int,
but ``-p amount 10.50`` into a float and ``-p run_browser false`` into a string; a notebook that
trusted those would fail deep inside the system with a message about something else. So every
notebook calls :func:`check_parameters` on its namespace first: each known parameter is
converted to the type the cells expect where that makes sense, or refused with one line that
names the parameter and what it accepts.
"""

import re
from collections.abc import Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fincore.common.currencies import EXPONENTS, format_amount
from fincore.walkthrough.cards import CARD_NAMES, resolve_card

# The largest amount a payment may carry (eight digits of minor units, as card networks allow).
MAX_AMOUNT = 99_999_999
_SEPARATORS = re.compile(r"[ -]")


class ParameterError(ValueError):
    """A notebook parameter that cannot be used; the message starts with its name."""

    def __init__(self, name: str, accepts: str, value: Any, why: str = "") -> None:
        super().__init__(f"{name}: expected {accepts}, got {value!r}" + (f". {why}" if why else ""))
        self.name = name


def _url(name: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ParameterError(name, "None (start the bundled stack) or an http(s) URL", value)
    return str(value).rstrip("/")


def _target_file(name: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ParameterError(name, "None (no target file) or the path of a target file", value)
    return value


def _key(prefix: str) -> Callable[[str, Any], str | None]:
    def check(name: str, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str) or not value.startswith(prefix):
            raise ParameterError(
                name, f"None (the bundled stack's key) or a '{prefix}...' key", value
            )
        return str(value)

    return check


def _card(name: str, value: Any) -> str:
    accepts = "a test card name such as 'VISA_PAN' or a card number"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ParameterError(name, accepts, value)
    text = _SEPARATORS.sub("", str(value).strip())
    try:
        card = resolve_card(text)
    except ValueError as refused:
        raise ParameterError(name, accepts, value, str(refused)) from refused
    # Named cards keep their name: it says what the card is for, in outputs and claims.
    return text if text in CARD_NAMES.values() else CARD_NAMES.get(card.number, card.number)


def _amount(name: str, value: Any) -> int:
    accepts = f"a whole number of minor units from 1 to {MAX_AMOUNT} (1050 is 10.50 USD)"
    number = _whole_number(value)
    if number is None or not 1 <= number <= MAX_AMOUNT:
        raise ParameterError(name, accepts, value)
    return number


def _currency(name: str, value: Any) -> str:
    code = value.strip().lower() if isinstance(value, str) else None
    if code not in EXPONENTS:
        raise ParameterError(
            name,
            "a three-letter ISO 4217 code the Payment Service knows (usd, eur, jpy, kwd, ...; "
            "all of them: fincore.common.currencies.EXPONENTS)",
            value,
        )
    return code


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    spelled = str(value).strip().lower()
    if spelled in ("true", "1", "yes"):
        return True
    if spelled in ("false", "0", "no"):
        return False
    raise ParameterError(name, "True or False", value)


def _whole(low: int, high: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        number = _whole_number(value)
        if number is None or not low <= number <= high:
            raise ParameterError(name, f"a whole number from {low} to {high}", value)
        return number

    return check


def _seconds(low: float, high: float) -> Callable[[str, Any], float]:
    def check(name: str, value: Any) -> float:
        try:
            seconds = float(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            seconds = None
        if seconds is None or not low < seconds <= high:
            raise ParameterError(name, f"a number of seconds above {low} and at most {high}", value)
        return seconds

    return check


def _whole_number(value: Any) -> int | None:
    """An int, a float with no fraction, or a string of digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "target": _target_file,
    "psp_url": _url,
    "payments_url": _url,
    "publishable_key": _key("pk_"),
    "secret_key": _key("sk_"),
    "card": _card,
    "amount": _amount,
    "currency": _currency,
    "run_browser": _flag,
    "psp_timeout_seconds": _seconds(0.0, 60.0),
    "psp_attempts": _whole(1, 10),
    "requests": _whole(1, 100_000),
    "concurrency": _whole(1, 1_000),
}


def check_parameters(namespace: MutableMapping[str, Any]) -> dict[str, Any]:
    """Check every known parameter in ``namespace`` (a notebook's ``globals()``), put the
    converted values back, print one line saying what will run, and return them.

    Raises :class:`ParameterError` for the first parameter that cannot be used.
    """
    checked = {
        name: check(name, namespace[name]) for name, check in CHECKS.items() if name in namespace
    }
    namespace.update(checked)
    shown = {name: _shown(name, value) for name, value in checked.items()}
    if "amount" in checked and "currency" in checked:
        shown["amount"] += f" ({format_amount(checked['amount'], checked['currency'])})"
    print("✓ parameters: " + ", ".join(f"{name}={text}" for name, text in shown.items()))
    return checked


def _shown(name: str, value: Any) -> str:
    # Keys are cut as Stripe's dashboard shows them: enough to tell them apart.
    if name.endswith("_key") and value is not None:
        return f"{value[:8]}..."
    return str(value)
