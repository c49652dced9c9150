"""The mock Payment Service Provider: the only component allowed to see a card number.

It tokenizes cards for merchants' browsers (publishable key), charges tokens for the FinCore
Payment Service (platform secret key), and can be told to misbehave (latency, errors, lost
responses) so that everything built on it is tested against a PSP that fails like real ones do.
"""

from fincore.psp.app import create_app
from fincore.psp.settings import PSPSettings

__all__ = ["PSPSettings", "create_app"]
