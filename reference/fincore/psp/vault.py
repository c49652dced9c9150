"""Card numbers at rest: encrypted with a key that lives only in this PSP process's memory."""

import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet


class CardVault:
    def __init__(self) -> None:
        self._fernet = Fernet(Fernet.generate_key())
        # Fingerprints identify a card across tokens without being reversible.
        self._fingerprint_key = secrets.token_bytes(32)

    def seal(self, pan: str) -> bytes:
        return self._fernet.encrypt(pan.encode())

    def open(self, sealed: bytes) -> str:
        return self._fernet.decrypt(sealed).decode()

    def fingerprint(self, pan: str) -> str:
        digest = hmac.new(self._fingerprint_key, pan.encode(), hashlib.sha256).hexdigest()
        return digest[:16]
