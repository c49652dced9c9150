"""The target file: which deployment the notebooks check, and what it lets them do.

    {"name": "staging", "psp_url": "https://psp.staging.example", "payments_url": ...,
     "publishable_key": "pk_test_...", "secret_key": "sk_test_...",
     "capabilities": ["fault_injection", "psp_direct"]}

``fincore up --ready-file`` writes one for the stack it starts; a team writes one by hand for its
staging deployment. Its JSON Schema is ``docs/target.schema.json`` (a test keeps it in step with
this model). Capabilities come from a closed vocabulary, :data:`CAPABILITIES`: a notebook section
that needs one the target lacks is skipped, said so, and listed in the notebook's summary.
"""

import json
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fincore.common.merchants import redact_key

Capability = Literal[
    "merchant_page",
    "psp_direct",
    "fault_injection",
    "clock_control",
    "second_merchant",
    "storage_access",
    "bundled_internals",
]

# Each capability as a skipped section names it ("needs fault injection (...)").
CAPABILITIES: dict[str, str] = {
    "merchant_page": "a merchant checkout page (merchant_url) to drive in Chromium",
    "psp_direct": "the PSP's platform key and its charge ledger (FINCORE_PSP_TEST_HELPERS=true)",
    "fault_injection": "the PSP's fault injection test helper (FINCORE_PSP_TEST_HELPERS=true)",
    "clock_control": "the PSP's clock test helper (FINCORE_PSP_TEST_HELPERS=true)",
    "second_merchant": "a second merchant's keys (the merchants list)",
    "storage_access": "the services' data folders on this machine (data_dir), for the tripwire",
    "bundled_internals": "the bundled stack's own objects (every hop's trace, the merchant app)",
}
# What only the stack a notebook starts in its own kernel can offer: never in a target file.
BUNDLED_ONLY = frozenset({"bundled_internals"})
# The platform key authenticates every PSP test helper.
NEEDS_PLATFORM_KEY = frozenset({"psp_direct", "fault_injection", "clock_control"})


class TargetError(ValueError):
    """A target file that cannot be used; the message is one line naming what is wrong."""


class TargetMerchant(BaseModel):
    """A merchant of the deployment, as ``fincore up`` lists them (for cross-merchant checks)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    publishable_key: str = Field(pattern=r"^pk_")
    secret_key: str = Field(pattern=r"^sk_")
    allowed_origins: list[str] = Field(default_factory=list)


class Target(BaseModel):
    """One deployment the notebooks can be pointed at."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
    psp_url: str = Field(pattern=r"^https?://[^/\s]+")
    payments_url: str = Field(pattern=r"^https?://[^/\s]+")
    merchant_url: str | None = Field(default=None, pattern=r"^https?://[^/\s]+")
    cdn_url: str | None = Field(default=None, pattern=r"^https?://[^/\s]+")
    publishable_key: str = Field(pattern=r"^pk_")
    secret_key: str = Field(pattern=r"^sk_")
    # The PSP's platform secret key: only where direct PSP access or its test helpers are offered.
    platform_key: str | None = None
    capabilities: list[Capability] = Field(default_factory=list)
    merchants: list[TargetMerchant] = Field(default_factory=list)
    data_dir: str | None = None

    @model_validator(mode="after")
    def _capabilities_have_what_they_need(self) -> "Target":
        for capability in self.capabilities:
            problem = self._missing_for(capability)
            if problem:
                raise ValueError(f"capability {capability} needs {problem}")
        return self

    def _missing_for(self, capability: str) -> str | None:
        if capability in NEEDS_PLATFORM_KEY and not self.platform_key:
            return "platform_key"
        if capability == "merchant_page" and not self.merchant_url:
            return "merchant_url"
        if capability == "storage_access" and not self.data_dir:
            return "data_dir"
        if capability == "second_merchant" and self.other_merchant is None:
            return "a second merchant in merchants"
        return None

    @property
    def other_merchant(self) -> TargetMerchant | None:
        """A merchant other than the one whose keys the notebooks use."""
        return next((m for m in self.merchants if m.secret_key != self.secret_key), None)

    def has(self, capability: str) -> bool:
        return capability in self.capabilities

    def lacks(self, needs: set[str] | frozenset[str]) -> list[str]:
        """The capabilities in ``needs`` this target does not offer, in vocabulary order."""
        unknown = set(needs) - set(CAPABILITIES)
        if unknown:
            raise TargetError(f"unknown capabilities {sorted(unknown)}: see CAPABILITIES")
        return [c for c in CAPABILITIES if c in needs and c not in self.capabilities]

    def __repr__(self) -> str:
        # Keys never reach a notebook's output: a repr is what Jupyter shows.
        keys = [redact_key(self.publishable_key), redact_key(self.secret_key)]
        return (
            f"Target {self.name}: {self.payments_url} (Payment Service), {self.psp_url} (PSP); "
            f"keys {', '.join(keys)}; capabilities: {', '.join(self.capabilities) or 'none'}"
        )

    __str__ = __repr__


def parse_target(data: Any, where: str = "target") -> Target:
    """A :class:`Target` from parsed JSON, or :class:`TargetError` with one line saying why not."""
    if isinstance(data, dict):
        bundled_only = sorted(set(data.get("capabilities") or []) & BUNDLED_ONLY)
        if bundled_only:
            raise TargetError(
                f"{where}: {', '.join(bundled_only)} is offered only by the bundled stack a "
                "notebook starts itself, never by a target file"
            )
    try:
        return Target.model_validate(data)
    except ValidationError as refused:
        raise TargetError(f"{where}: {_first_problem(refused)}") from None


def load_target(path: Path | str) -> Target:
    """Read and check a target file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TargetError(f"{path}: cannot read the target file ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise TargetError(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None
    return parse_target(data, str(path))


def bundled_target(
    psp_url: str, payments_url: str, publishable_key: str, secret_key: str
) -> Target:
    """The stack a notebook starts in its own kernel: it offers every capability."""
    return Target.model_construct(
        name="bundled-stack",
        psp_url=psp_url,
        payments_url=payments_url,
        merchant_url=None,
        cdn_url=None,
        publishable_key=publishable_key,
        secret_key=secret_key,
        platform_key=None,
        capabilities=list(get_args(Capability)),
        merchants=[],
        data_dir=None,
    )


def target_schema() -> dict[str, Any]:
    """The target file's JSON Schema, as committed in ``docs/target.schema.json``."""
    schema = Target.model_json_schema()
    offered = schema["properties"]["capabilities"]["items"]
    offered["enum"] = [c for c in offered["enum"] if c not in BUNDLED_ONLY]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "FinCore notebook target"
    schema["description"] = (
        "A deployment the notebooks check (python -m fincore.lab.notebooks run --target FILE). "
        "Capabilities: "
        + "; ".join(
            f"{name}: {why}" for name, why in CAPABILITIES.items() if name not in BUNDLED_ONLY
        )
        + ". (bundled_internals, the bundled stack's own objects, is never in a target file.)"
    )
    return schema


def _first_problem(refused: ValidationError) -> str:
    error = refused.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "the file"
    if error["type"] == "extra_forbidden":
        return f"unknown key {where!r} (known: {', '.join(Target.model_fields)})"
    if error["type"] == "literal_error" and error["loc"][:1] == ("capabilities",):
        known = ", ".join(c for c in CAPABILITIES if c not in BUNDLED_ONLY)
        return f"unknown capability {error['input']!r} (known: {known})"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if error["loc"] else message
