"""Which scripts may run on the payment page, who owns each and why it is there (PCI DSS 6.4.3).

A JSON file lists URL patterns with an owner and a justification::

    {"origins": {"cdn": "https://cdn.example"},
     "scripts": [{"pattern": "{cdn}/sdk/*/fincore-*.js", "owner": "...", "justification": "..."}]}

In a pattern, ``{name}`` is an origin from ``origins`` (``{page}`` is always the inventoried
page's own origin), ``*`` matches within one path segment and ``**`` across segments. An inline
script is named ``inline:sha384-<base64>`` and is authorised by that exact name. Origins are kept
apart from patterns so one file serves production and, with ``--origin cdn=...``, a local stack.
"""

import json
import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:  # the stack imports every service; the command line needs none of them
    from fincore.lab.stack import StackInfo

DEFAULT_CONFIG = "script_authorizations.json"
PAGE = "page"
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_-]*)\}")


class ConfigError(ValueError):
    """The authorisations file is missing, not JSON, or not of the documented shape."""


class ScriptAuthorization(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    justification: str = Field(min_length=1)


class AuthorizationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    origins: dict[str, str] = Field(default_factory=dict)
    scripts: tuple[ScriptAuthorization, ...]

    @field_validator("origins")
    @classmethod
    def _no_trailing_slash(cls, origins: dict[str, str]) -> dict[str, str]:
        return {name: origin.rstrip("/") for name, origin in origins.items()}

    @model_validator(mode="after")
    def _placeholders_are_defined(self) -> "AuthorizationConfig":
        # A typo in a placeholder would silently authorise nothing; refuse it instead.
        unknown = {
            name
            for entry in self.scripts
            for name in _PLACEHOLDER.findall(entry.pattern)
            if name != PAGE and name not in self.origins
        }
        if unknown:
            raise ValueError(f"patterns name origins that are not defined: {sorted(unknown)}")
        return self

    def with_origins(self, overrides: dict[str, str]) -> "AuthorizationConfig":
        """The same authorisations with some origins replaced (e.g. a local stack's ports)."""
        return self.model_validate({**self.model_dump(), "origins": {**self.origins, **overrides}})

    def match(self, script_url: str, page_origin: str) -> ScriptAuthorization | None:
        """The first authorisation whose pattern matches ``script_url``."""
        origins = {**self.origins, PAGE: page_origin}
        return next(
            (entry for entry in self.scripts if _matches(entry.pattern, script_url, origins)),
            None,
        )


def load_config(path: Path | None = None) -> AuthorizationConfig:
    """The authorisations in ``path`` (default: the packaged file for the demo checkout)."""
    try:
        text = (
            path.read_text(encoding="utf-8")
            if path is not None
            else files("fincore.pci").joinpath(DEFAULT_CONFIG).read_text(encoding="utf-8")
        )
        config = AuthorizationConfig.model_validate(json.loads(text))
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read script authorisations from {path}: {error}") from error
    return config


def stack_origins(info: "StackInfo") -> dict[str, str]:
    """A local stack's origins under the names the packaged file uses."""
    origins = {"psp": info.psp_url, "payments": info.payments_url}
    if info.cdn_url:
        origins["cdn"] = info.cdn_url
    if info.merchant_url:
        origins["merchant"] = info.merchant_url
    return origins


def _matches(pattern: str, url: str, origins: dict[str, str]) -> bool:
    regex = ""
    for piece in re.split(r"(\{[a-z][a-z0-9_-]*\}|\*\*|\*)", pattern):
        if piece == "**":
            regex += ".*"
        elif piece == "*":
            regex += "[^/]*"
        elif _PLACEHOLDER.fullmatch(piece):
            regex += re.escape(origins[piece[1:-1]])
        else:
            regex += re.escape(piece)
    return re.fullmatch(regex, url) is not None
