"""One error-code catalogue per service: every code a service can answer is named in it.

Read from the source: each call of an error class (``APIError`` and its subclasses) names its
code through a catalogue's constant, never as a string literal, so a code is spelt once.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

import fincore
from fincore.common import error_codes as common
from fincore.common import errors
from fincore.merchant import error_codes as merchant
from fincore.payments import error_codes as payments
from fincore.psp import error_codes as psp

PACKAGE = Path(fincore.__file__).parent
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.APIError)
}
CATALOGUES = {
    "common": common.COMMON_CODES,
    "payments": payments.CODES,
    "psp": psp.CODES,
    "merchant": merchant.CODES,
}


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


@pytest.mark.parametrize("folder", ["common", "payments", "psp", "merchant", "cdn"])
def test_every_error_names_its_code_from_a_catalogue_never_as_a_literal(folder):
    assert codes_named_in(folder) == set()


def test_a_literal_code_is_found_where_one_is_written(tmp_path, monkeypatch):
    (tmp_path / "service").mkdir()
    source = 'raise NotFoundError("resource_missing", "x")\n'
    (tmp_path / "service" / "routes.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    assert codes_named_in("service") == {("routes.py", 1, "resource_missing")}


@pytest.mark.parametrize("service", sorted(CATALOGUES))
def test_every_code_in_a_catalogue_is_a_lowercase_snake_case_name(service):
    assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", code) for code in CATALOGUES[service])


@pytest.mark.parametrize("module", [payments, psp, merchant])
def test_a_service_catalogue_names_every_common_code_too(module):
    assert common.COMMON_CODES <= module.CODES
    assert all(getattr(module, code.upper()) == code for code in module.CODES)
