"""Column types for personal data: declare a field sensitive by giving it one of these types.

``Encrypted("people.phone")`` stores AES-256-GCM ciphertext with its key id and hands the
plaintext back to Python; the context string (unique per column) is authenticated with the
value, so a ciphertext copied into another column does not decrypt. The database never sees
the plaintext, so it cannot be searched: store a :func:`blind_index` beside it for exact
lookup. The contract test ``tests/contract/test_personal_data.py`` refuses plugin columns
that look like phones or ID numbers unless they use these types.
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.types import TypeDecorator

from core.privacy._keys import keyring


class Encrypted(TypeDecorator):
    """A text value encrypted at rest (``None`` stays NULL)."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value, dialect):
        """Encrypt on the way in."""
        if value is None:
            return None
        return keyring().encrypt(str(value), self.context)

    def process_result_value(self, value, dialect):
        """Decrypt on the way out."""
        if value is None:
            return None
        return keyring().decrypt(value, self.context)


def BlindIndex() -> String:  # noqa: N802 - reads like a type at the column
    """The column type of a blind index (hex HMAC)."""
    return String(40)


def blind_index(value: str | None, context: str) -> str | None:
    """The blind index of a normalised value (``None`` for no value)."""
    if value is None or value == "":
        return None
    return keyring().blind_index(value, context)
