"""One architecture model, every view generated from it, checked against the running system.

* :mod:`~fincore.architecture.model` and :mod:`~fincore.architecture.fincore_model`: the model and
  FinCore's definition of it (validated when built, see :mod:`~fincore.architecture.errors`);
* :mod:`~fincore.architecture.render`: ``python -m fincore.architecture.render [OUTDIR]`` writes
  every view into ``diagrams/`` (Mermaid rendered offline in Chromium, Graphviz via mingrammer);
* :mod:`~fincore.architecture.conformance`: compares a recorded trace with the model.

Importing this package loads no drawing library: :func:`sequence_from_trace` (mermaid-py, the
``diagrams`` extra) is imported on first use, so the stack's recorders run from the base install.
"""

from typing import TYPE_CHECKING, Any

from fincore.architecture.conformance import (
    ConformanceReport,
    ConformanceRow,
    Verdict,
    check_conformance,
)
from fincore.architecture.errors import (
    CardDataScopeError,
    DuplicateIdError,
    DuplicateStepError,
    InvalidStepError,
    ModelError,
    UnknownReferenceError,
)
from fincore.architecture.fincore_model import fincore_model
from fincore.architecture.hop import Hop
from fincore.architecture.model import (
    ArchitectureModel,
    Boundary,
    C4Kind,
    DeploymentNode,
    Element,
    Mapping,
    Relation,
    ResourceKind,
)

if TYPE_CHECKING:
    from fincore.architecture.trace import sequence_from_trace


def __getattr__(name: str) -> Any:
    if name == "sequence_from_trace":
        from fincore.architecture.trace import sequence_from_trace

        return sequence_from_trace
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ArchitectureModel",
    "Boundary",
    "C4Kind",
    "CardDataScopeError",
    "ConformanceReport",
    "ConformanceRow",
    "DeploymentNode",
    "DuplicateIdError",
    "DuplicateStepError",
    "Element",
    "Hop",
    "InvalidStepError",
    "Mapping",
    "ModelError",
    "Relation",
    "ResourceKind",
    "UnknownReferenceError",
    "Verdict",
    "check_conformance",
    "fincore_model",
    "sequence_from_trace",
]
