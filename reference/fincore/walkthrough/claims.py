"""``claim``: how a notebook states something about the system so that a wrong statement fails CI.

A bare ``assert`` fails with the source line and nothing else (and vanishes under ``python -O``).
A claim fails with the step of the flow it concerns, the sentence the notebook made, and what was
observed instead, so the reviewer reading a red CI run learns what broke without the code.
"""

from collections.abc import Callable
from typing import NoReturn

# Who hears of each claim that held (a notebook's Run, for its closing summary).
_listeners: list[Callable[[str, str | None], None]] = []


def listen(listener: Callable[[str, str | None], None]) -> None:
    """Call ``listener(message, step)`` for every claim that holds from now on (one at a time:
    a new listener replaces the last, as a re-run notebook starts a new Run)."""
    _listeners[:] = [listener]


class ClaimFailed(AssertionError):
    """A statement a notebook makes about the system did not hold."""


def claim(
    condition: object, message: str, *, step: str | None = None, observed: object = None
) -> None:
    """Raise ``ClaimFailed`` naming ``step`` and ``message`` unless ``condition`` holds.

    ``message`` says what should be true, as the notebook's prose does: "a declined card answers
    402". ``observed`` (a response, a value) is shown when the claim fails.
    """
    if not condition:
        fail(message, step=step, observed=observed)
    for listener in _listeners:
        listener(message, step)


def fail(message: str, *, step: str | None = None, observed: object = None) -> NoReturn:
    where = f"step {step}: " if step else ""
    text = f"This claim does not hold ({where}{message})."
    if observed is not None:
        text += f"\nObserved instead: {_describe(observed)}"
    raise ClaimFailed(text)


def _describe(observed: object) -> str:
    # A response shows its status and body; everything else its repr. Shortened: it is a message.
    status, body = getattr(observed, "status", None), getattr(observed, "body", None)
    text = f"HTTP {status} {body}" if status is not None else repr(observed)
    return text if len(text) <= 600 else text[:600] + " ..."


def confirm(
    condition: object, message: str, *, step: str | None = None, observed: object = None
) -> None:
    """``claim``, then print ``✓ <message>`` (with the step), so a reader sees what was checked.

    A notebook cell that checks something ends in one of these: a silent cell looks the same
    whether it checked a claim or only set something up.
    """
    claim(condition, message, step=step, observed=observed)
    print(f"✓ {f'step {step}: ' if step else ''}{message}")
