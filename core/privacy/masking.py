"""Masking: what every response, page, export and log shows instead of personal data."""

from __future__ import annotations


def mask_name(name: str | None) -> str:
    """张三 → 张*, 张小三 → 张*三, Li Lei → L*****i; the family name and the last character stay."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(value: str | None) -> str:
    """370782199001011234 → 370782********1234 (region and last four stay)."""
    if not value:
        return ""
    if len(value) > 10:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) > 4:  # passports and HK/Macao/Taiwan permits are short
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return "*" * len(value)


def mask_phone(value: str | None) -> str:
    """13812345678 → 138****5678; other numbers keep their first three and last four digits."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * (len(value) - 2) + value[-2:]
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_text(value: str | None) -> str:
    """Free text (an address line, a note): its length shows, its content does not."""
    if not value:
        return ""
    return "*" * min(len(value), 8)


MASKS = {"name": mask_name, "id_number": mask_id_number, "phone": mask_phone, "text": mask_text}
"""Mask functions by kind, for code that masks fields named in data."""
