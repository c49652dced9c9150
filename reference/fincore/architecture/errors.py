"""Why a model is refused when it is built.

Every refusal names its culprit (``error.culprit``) so a bad edit points at the line to fix::

    ModelError                  base (a ValueError): message + culprit
    ├── DuplicateIdError        two elements, boundaries or nodes share an id
    ├── UnknownReferenceError   a relation, boundary, node or mapping points at an unknown id
    ├── DuplicateStepError      two relations of one view claim the same step number
    ├── InvalidStepError        a step is not a number with an optional letter ("10", "10b")
    └── CardDataScopeError      a card-carrying relation ends outside PCI scope
"""


class ModelError(ValueError):
    """The architecture model is inconsistent; ``culprit`` names the offending item."""

    def __init__(self, message: str, culprit: str) -> None:
        super().__init__(message)
        self.culprit = culprit


class DuplicateIdError(ModelError):
    """Two items of one namespace share an id, so references to it would be ambiguous."""


class UnknownReferenceError(ModelError):
    """Something points at an id the model does not define."""


class DuplicateStepError(ModelError):
    """Two relations claim one step number, so the flow's order would be ambiguous."""


class InvalidStepError(ModelError):
    """A step label is not of the form ``<number>[<letter>]``."""


class CardDataScopeError(ModelError):
    """Card data would reach a component or resource that must never see a PAN."""
