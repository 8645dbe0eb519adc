"""Personal-data protection, a kernel service: encryption, blind indexes, masking, access log, consent.

A plugin never implements protection itself. It stores a ``person_id``, declares its own
sensitive columns with :class:`Encrypted`, shows values through the mask functions, calls
:func:`log_access` when it shows a record in full and :func:`require_consent` before it
processes a minor's sensitive data for a purpose it declared.
"""

from core.privacy._keys import Keyring, KeyConfigError, configure, keyring
from core.privacy.access import log_access
from core.privacy.consent import Purpose, active_consent, age_on, is_minor, require_consent
from core.privacy.masking import mask_id_number, mask_name, mask_phone, mask_text
from core.privacy.types import BlindIndex, Encrypted, blind_index

__all__ = [
    "BlindIndex",
    "Encrypted",
    "KeyConfigError",
    "Keyring",
    "Purpose",
    "active_consent",
    "age_on",
    "blind_index",
    "configure",
    "is_minor",
    "keyring",
    "log_access",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "mask_text",
    "require_consent",
]
