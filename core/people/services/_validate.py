"""Validation of register input; every refusal names the field at fault (422)."""

from __future__ import annotations

import re
from datetime import date

from core.errors import N_, Invalid
from core.localtime import local_today
from core.people import idnumbers
from core.people.vocab import BUILTIN_TAGS, TagDef

GENDERS = ("male", "female", "")
RELATIONS = (
    "head",
    "spouse",
    "child",
    "parent",
    "grandparent",
    "grandchild",
    "sibling",
    "other",
    "",
)
"""Relation of a household member to its head (户主, 配偶, 子女, 父母, 祖父母, 孙子女, 兄弟姐妹, 其他)."""
STATUSES = ("active", "moved_away", "deceased")
UNIT_KINDS = ("company", "school", "agency", "hospital", "social_org", "other")
UNIT_RELATIONS = ("resident", "co_building")

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
_INTERNATIONAL = re.compile(r"^\+\d{7,15}$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def normalize_phone(value: str) -> str:
    """Digits (and a leading +) only: the form stored, indexed and compared."""
    value = re.sub(r"[\s\-()]", "", value)
    if value.startswith("+86") and _MOBILE.match(value[3:]):
        return value[3:]
    return value


def check_phone(value: str | None, field: str = "phone") -> str | None:
    """A normalised phone number, or Invalid naming ``field``."""
    if value is None or not value.strip():
        return None
    phone = normalize_phone(value)
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone) or _INTERNATIONAL.match(phone)):
        raise Invalid(
            N_(
                "{field} must be an 11-digit mobile number, a landline with its area code, or +country number"
            ),
            field=field,
        )
    return phone


def check_id_number(
    id_type: str, value: str | None, birth_date: date | None
) -> tuple[str | None, date | None]:
    """The normalised document number and the birth date (taken from a resident ID when not given)."""
    if id_type not in idnumbers.ID_TYPES:
        raise Invalid(
            N_("{field} must be one of {expected}"),
            field="id_type",
            params={"expected": ", ".join(idnumbers.ID_TYPES)},
        )
    if value is None or not value.strip():
        return None, birth_date
    number = idnumbers.normalize(value)
    problem = idnumbers.problem(id_type, number)
    if problem is not None:
        raise Invalid(N_("{field}: {problem}"), field="id_number", params={"problem": problem})
    if id_type == "resident":
        encoded = idnumbers.birth_date_of(number)
        if birth_date is None:
            birth_date = encoded
        elif birth_date != encoded:
            raise Invalid(
                N_("{field} {given} differs from the birth date {encoded} in the resident ID"),
                field="birth_date",
                params={"given": birth_date.isoformat(), "encoded": encoded.isoformat()},
            )
    return number, birth_date


def check_birth_date(value: date | None) -> date | None:
    """A birth date in the past and after 1890."""
    if value is not None and not (date(1890, 1, 1) <= value <= local_today()):
        raise Invalid(N_("{field} must lie between 1890-01-01 and today"), field="birth_date")
    return value


def check_choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    """``value`` when it is one of ``allowed``, else Invalid naming ``field``."""
    if value not in allowed:
        raise Invalid(
            N_("{field} must be one of {expected}"),
            field=field,
            params={"expected": ", ".join(a for a in allowed if a) or "''"},
        )
    return value


def check_credit_code(value: str) -> str:
    """An 18-character unified social credit code (统一社会信用代码), or empty."""
    value = value.strip().upper()
    if value and not _CREDIT_CODE.match(value):
        raise Invalid(
            N_("{field} must be an 18-character unified social credit code"), field="credit_code"
        )
    return value


def vocabulary(plugins=None) -> dict[str, TagDef]:
    """Every tag code: core's and those plugins add through ``register_person_tags``."""
    from core.plugins import get_plugin_manager

    plugins = plugins or get_plugin_manager()
    tags = {t.code: t for t in BUILTIN_TAGS}
    for pid in plugins.ids:
        for tag in plugins.collect_plugin(pid, "register_person_tags"):
            tags.setdefault(tag.code, tag)
    return tags


def check_tag(code: str, vocab: dict[str, TagDef], field: str = "tags") -> TagDef:
    """The tag definition of ``code``, or Invalid naming the field and the known codes."""
    tag = vocab.get(code)
    if tag is None:
        raise Invalid(
            N_("{field}: unknown tag {tag}; known tags: {expected}"),
            field=field,
            params={"tag": code, "expected": ", ".join(sorted(vocab))},
        )
    return tag
