"""What of a caller's own text an answer may repeat back to it.

Only short plain tokens: letters, digits, ``-`` and ``_``, at most ``MAX_ECHO_LENGTH``, holding no
card number (``fincore.cards.card_scan``). That rules out header injection (CR/LF), markup,
megabytes of text and a card number pasted by mistake; an answer that cannot repeat the text
says so instead.
"""

import re

from fincore.cards.card_scan import holds_card

MAX_ECHO_LENGTH = 64
_SAFE_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_ECHO_LENGTH}}}")


def is_safe_token(value: str) -> bool:
    """True when ``value`` may be repeated in an answer."""
    return _SAFE_TOKEN.fullmatch(value) is not None and not holds_card(value)
