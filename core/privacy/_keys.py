"""The keyring of personal-data encryption and blind indexes, configured once per process.

``SHEQU_DATA_KEY`` lists the encryption keys as ``id:base64`` pairs separated by commas; the
first one encrypts, every listed one decrypts, so keys rotate without downtime (add the new
key in front everywhere, run ``shequ privacy rotate-key``, then drop the old one).
``SHEQU_INDEX_KEY`` (base64) keys the HMAC blind indexes; it is not rotated with the data key,
so exact lookups keep working while rows are re-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Public development keys: fine for the demo and tests, refused in production.
DEV_DATA_KEY = "dev:" + base64.b64encode(hashlib.sha256(b"shequ-dev-data-key").digest()).decode()
DEV_INDEX_KEY = base64.b64encode(hashlib.sha256(b"shequ-dev-index-key").digest()).decode()
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class KeyConfigError(ValueError):
    """The configured keys cannot be used (malformed, wrong length, duplicate id)."""


def _b64_key(raw: str, what: str) -> bytes:
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except ValueError as exc:
        raise KeyConfigError(f"{what} is not valid base64") from exc
    if len(key) != 32:
        raise KeyConfigError(f"{what} must be 32 bytes (44 base64 characters), got {len(key)} bytes")
    return key


@dataclass(frozen=True)
class Keyring:
    """Encryption keys by id (the first one current) and the blind-index key."""

    keys: tuple[tuple[str, bytes], ...]
    index_key: bytes

    @classmethod
    def parse(cls, data_keys: str, index_key: str) -> Keyring:
        """Read ``id:base64,id:base64`` and a base64 index key; raise KeyConfigError when malformed."""
        keys: list[tuple[str, bytes]] = []
        for part in (p for p in data_keys.split(",") if p.strip()):
            kid, sep, raw = part.strip().partition(":")
            if not sep or not _KEY_ID.match(kid):
                raise KeyConfigError("SHEQU_DATA_KEY entries look like id:base64 (id: letters, digits, - or _)")
            if any(kid == k for k, _ in keys):
                raise KeyConfigError(f"SHEQU_DATA_KEY lists key id {kid!r} twice")
            keys.append((kid, _b64_key(raw, f"SHEQU_DATA_KEY {kid!r}")))
        if not keys:
            raise KeyConfigError("SHEQU_DATA_KEY is empty")
        return cls(tuple(keys), _b64_key(index_key, "SHEQU_INDEX_KEY"))

    @property
    def current_id(self) -> str:
        """The id of the key new values are encrypted with."""
        return self.keys[0][0]

    def encrypt(self, plaintext: str, context: str) -> str:
        """``kid$base64(nonce || ciphertext || tag)``; ``context`` binds it to its column."""
        kid, key = self.keys[0]
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), context.encode())
        return f"{kid}${base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored: str, context: str) -> str:
        """The plaintext of a value written by :meth:`encrypt` with any listed key."""
        kid, sep, body = stored.partition("$")
        key = dict(self.keys).get(kid)
        if not sep or key is None:
            raise KeyConfigError(f"no key {kid!r} in SHEQU_DATA_KEY to decrypt a stored value")
        raw = base64.b64decode(body)
        return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode()).decode()

    def key_id_of(self, stored: str) -> str:
        """The id of the key a stored value was encrypted with."""
        return stored.partition("$")[0]

    def blind_index(self, value: str, context: str) -> str:
        """A keyed HMAC of a normalised value, for exact lookup without decryption."""
        mac = hmac.new(self.index_key, f"{context}\x00{value}".encode(), hashlib.sha256)
        return mac.hexdigest()[:40]


_keyring: Keyring | None = None


def configure(data_keys: str | None, index_key: str | None) -> Keyring:
    """Install the process keyring (the development keys when none are given)."""
    global _keyring
    _keyring = Keyring.parse(data_keys or DEV_DATA_KEY, index_key or DEV_INDEX_KEY)
    return _keyring


def keyring() -> Keyring:
    """The process keyring; the development keys until :func:`configure` is called."""
    return _keyring or configure(None, None)
