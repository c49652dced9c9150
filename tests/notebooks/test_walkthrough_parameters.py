"""``check_parameters``: what papermill hands a notebook becomes what its cells expect, or one line
that names the parameter and what it accepts."""

import pytest

from fincore.cards.test_cards import AMEX_PAN, INSUFFICIENT_FUNDS_PAN
from fincore.walkthrough.parameters import MAX_AMOUNT, ParameterError, check_parameters

DEFAULTS = {
    "psp_url": None,
    "payments_url": None,
    "publishable_key": None,
    "secret_key": None,
    "card": "VISA_PAN",
    "amount": 1050,
    "currency": "usd",
    "run_browser": True,
}


def checked(**changes):
    namespace = {**DEFAULTS, **changes}
    check_parameters(namespace)
    return namespace


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"card": int(INSUFFICIENT_FUNDS_PAN)}, {"card": "INSUFFICIENT_FUNDS_PAN"}),
        ({"card": "4000 0000 0000 9995"}, {"card": "INSUFFICIENT_FUNDS_PAN"}),
        ({"card": "4111111111111111"}, {"card": "4111111111111111"}),
        ({"card": AMEX_PAN}, {"card": "AMEX_PAN"}),
        ({"amount": "1500"}, {"amount": 1500}),
        ({"amount": 1500.0}, {"amount": 1500}),
        ({"currency": "JPY"}, {"currency": "jpy"}),
        ({"run_browser": "false"}, {"run_browser": False}),
        ({"run_browser": 1}, {"run_browser": True}),
        ({"payments_url": "http://127.0.0.1:8000/"}, {"payments_url": "http://127.0.0.1:8000"}),
        ({"psp_attempts": "3", "psp_timeout_seconds": "0.5"}, {"psp_attempts": 3}),
    ],
)
def test_what_a_shell_gives_becomes_what_the_cells_expect(given, expected):
    namespace = checked(**given)
    for name, value in expected.items():
        assert namespace[name] == value
        assert type(namespace[name]) is type(value)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("amount", "abc", "amount: expected a whole number of minor units"),
        ("amount", 0, "amount: expected a whole number of minor units"),
        ("amount", MAX_AMOUNT + 1, "amount: expected a whole number of minor units"),
        ("amount", 10.5, "amount: expected a whole number of minor units"),
        ("amount", True, "amount: expected a whole number of minor units"),
        ("currency", "xyz", "fincore.common.currencies.EXPONENTS"),
        ("card", "4242424242424241", "card: expected a test card name"),
        ("card", "NO_SUCH_PAN", "use one of VISA_PAN"),
        ("card", 3.5, "card: expected a test card name"),
        ("run_browser", "maybe", "run_browser: expected True or False"),
        ("psp_url", "ftp://example", "psp_url: expected None"),
        ("secret_key", "pk_test_123", "secret_key: expected None (the bundled stack's key) or"),
        ("psp_attempts", 0, "psp_attempts: expected a whole number from 1 to 10"),
        ("psp_timeout_seconds", "soon", "psp_timeout_seconds: expected a number of seconds"),
    ],
)
def test_a_parameter_that_cannot_be_used_is_named_with_what_it_accepts(name, value, says):
    with pytest.raises(ParameterError) as refused:
        checked(**{name: value})
    assert says in str(refused.value)
    assert refused.value.name == name
    assert "\n" not in str(refused.value)


def test_the_checked_parameters_are_printed_on_one_line(capsys):
    checked(secret_key="sk_test_abcdefghijkl", currency="jpy", amount=1500)
    line = capsys.readouterr().out
    assert line.startswith("✓ parameters: ")
    assert "amount=1500 (1500 JPY)" in line
    assert "sk_test_abcdefghijkl" not in line and "secret_key=sk_test_..." in line
