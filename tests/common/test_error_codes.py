"""One error-code catalogue per service: every code a service can answer is named in it.

Read from the source: each call of an error class (``APIError`` and its subclasses) names its
code either through the service's catalogue or, in a module not yet converted, as a literal that
the catalogue must hold.
"""

import ast
import re
from pathlib import Path

import pytest

import fincore
from fincore.common import error_codes as common
from fincore.common import errors
from fincore.payments import error_codes as payments
from fincore.psp import error_codes as psp

PACKAGE = Path(fincore.__file__).parent
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.APIError)
}
CATALOGUES = {"common": common.COMMON_CODES, "payments": payments.CODES, "psp": psp.CODES}


def codes_named_in(folder: str) -> set[tuple[str, int, str]]:
    """(file, line, code) of each error class call whose code is a string literal."""
    found = set()
    for path in (PACKAGE / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if name in ERROR_CLASSES and isinstance(first, ast.Constant):
                found.add((path.name, node.lineno, first.value))
    return found


@pytest.mark.parametrize("service", sorted(CATALOGUES))
def test_every_literal_code_a_service_raises_is_in_its_catalogue(service):
    missing = {place for place in codes_named_in(service) if place[2] not in CATALOGUES[service]}
    assert not missing


@pytest.mark.parametrize("service", sorted(CATALOGUES))
def test_every_code_in_a_catalogue_is_a_lowercase_snake_case_name(service):
    assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", code) for code in CATALOGUES[service])


@pytest.mark.parametrize("module", [payments, psp])
def test_a_service_catalogue_names_every_common_code_too(module):
    assert common.COMMON_CODES <= module.CODES
    assert all(getattr(module, code.upper()) == code for code in module.CODES)
