"""One architecture model, every view generated from it, checked against the running system.

* :mod:`~fincore.architecture.model` and :mod:`~fincore.architecture.fincore_model`: the model and
  FinCore's definition of it (validated when built, see :mod:`~fincore.architecture.errors`);
* :mod:`~fincore.architecture.render`: ``python -m fincore.architecture.render [OUTDIR]`` writes
  every view into ``diagrams/`` (Mermaid rendered offline in Chromium, Graphviz via mingrammer);
* :mod:`~fincore.architecture.conformance`: compares a recorded trace with the model.
"""

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
from fincore.architecture.trace import Hop, sequence_from_trace

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
