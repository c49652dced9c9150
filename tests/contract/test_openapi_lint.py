"""Both OpenAPI documents pass Redocly CLI's lint under ``docs/openapi/redocly.yaml``: Redocly's
recommended rules with every warning raised to an error, plus descriptions on every operation,
declared tags and the Request-Id and FinCore-Version headers on every response."""

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "docs" / "openapi"
REDOCLY = TOOLS / "node_modules" / ".bin" / "redocly"
CONFIG = TOOLS / "redocly.yaml"
# No usage reports sent anywhere, no update check: the lint runs offline.
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def lint(document: Path) -> dict[str, Any]:
    """Redocly's JSON report for one document: ``totals`` and ``problems``."""
    assert REDOCLY.exists(), "Redocly CLI is not installed: run `make setup`"
    done = subprocess.run(
        [str(REDOCLY), "lint", "--config", str(CONFIG), "--format", "json", str(document)],
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET},
        timeout=120,
        check=False,
    )
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def problems(report: dict[str, Any]) -> list[str]:
    return [
        f"{p['ruleId']}: {p['message']} at {p['location'][0]['pointer']}"
        for p in report["problems"]
    ]


@pytest.mark.parametrize("service", ["payments", "psp"])
def test_the_served_document_has_no_lint_errors_or_warnings(documents, service):
    report = lint(documents[service])
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, problems(report)


@pytest.mark.parametrize(
    ("breakage", "rule"),
    [
        (lambda doc: doc["components"].pop("securitySchemes"), "security-defined"),
        (lambda doc: doc.pop("servers"), "no-empty-servers"),
        (lambda doc: doc.pop("tags"), "operation-tag-defined"),
        (
            lambda doc: doc["paths"]["/v1/payments"]["get"].pop("description"),
            "operation-description",
        ),
        (
            lambda doc: doc["paths"]["/v1/payments"]["get"]["responses"]["200"].pop("headers"),
            "response-contains-header",
        ),
    ],
    ids=["no-security-scheme", "no-servers", "no-tags", "no-description", "no-answer-headers"],
)
def test_the_lint_fails_a_document_missing_what_the_contract_needs(
    documents, tmp_path, breakage, rule
):
    document = json.loads(documents["payments"].read_text())
    breakage(document)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    report = lint(broken)
    assert report["totals"]["errors"] > 0
    assert rule in {problem["ruleId"] for problem in report["problems"]}
