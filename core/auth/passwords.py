"""Password hashing with Argon2id (argon2-cffi)."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults are Argon2id with RFC 9106 low-memory parameters. The test suite
# (SHEQU_ENV=test) uses the library's CHEAPEST profile, still Argon2id, so that creating
# hundreds of accounts does not dominate its run time.
_hasher = (
    PasswordHasher.from_parameters(profiles.CHEAPEST)
    if os.environ.get("SHEQU_ENV") == "test"
    else PasswordHasher()
)

# Verified against when the username does not exist, so a miss costs the same time as a hit.
_DUMMY_HASH = _hasher.hash("shequ-timing-equaliser")

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``; a None hash still costs one verification."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)
