"""The OpenAPI documents exactly as the running services serve them, written to files."""

import json
from pathlib import Path

import httpx
import pytest

from fincore.lab.stack import LocalStack

SERVICES = ("payments", "psp")


def service_url(stack: LocalStack, service: str) -> str:
    return str(getattr(stack.info, f"{service}_url"))


@pytest.fixture(scope="module")
def documents(stack: LocalStack, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``{service: path}`` of each service's ``/openapi.json``, fetched from the running stack."""
    folder = tmp_path_factory.mktemp("openapi")
    written = {}
    for service in SERVICES:
        document = httpx.get(f"{service_url(stack, service)}/openapi.json").json()
        written[service] = folder / f"{service}.json"
        written[service].write_text(json.dumps(document, indent=2))
    return written
