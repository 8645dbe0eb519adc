"""No plugin keeps a phone or an ID number in clear: such columns use the kernel's Encrypted type.

Generic on purpose: a plugin's new model is checked as soon as it is installed. A column is
suspect when its name looks like a phone or document number (phone, mobile, tel, id_number,
id_card, sfz, passport …); it passes when its type is :class:`core.privacy.Encrypted`, or when
it is the blind index beside one (``<name>_bidx``, never readable).
"""

from __future__ import annotations

import re

from sqlalchemy import Column, Integer, MetaData, String, Table

from core.db import Base
from core.models import load_all_models
from core.privacy import Encrypted

SUSPECT = re.compile(
    r"(^|_)(phone|phones|mobile|cellphone|tel|telephone|landline|id_?number|id_?no|id_?card|idcard|"
    r"sfz|sfzh|shenfenzheng|identity_number|identity_card|passport|passport_no|cert_no|certificate_no)(_|$)",
    re.I,
)
KERNEL_PREFIXES = ("core.", "tenants.")
TRANSITIONAL: set[tuple[str, str]] = set()  # (table, column) allowed while moving onto the register


def offenders(tables) -> list[str]:
    """``table.column`` of every suspect column not stored through Encrypted."""
    found = []
    for table in tables:
        for column in table.columns:
            if not SUSPECT.search(column.name) or column.name.endswith("_bidx"):
                continue
            if isinstance(column.type, Encrypted):
                continue
            found.append(f"{table.name}.{column.name}")
    return sorted(found)


def plugin_tables() -> list[Table]:
    """Tables of every installed plugin's models (not the kernel's)."""
    load_all_models()
    return [
        m.local_table
        for m in Base.registry.mappers
        if not m.class_.__module__.startswith(KERNEL_PREFIXES)
    ]


def test_plugins_keep_no_phone_or_id_number_in_clear():
    tables = plugin_tables()
    assert any(t.name == "reception_visits" for t in tables), "the example plugin must be checked"
    found = [o for o in offenders(tables) if tuple(o.split(".")) not in TRANSITIONAL]
    assert found == [], (
        f"these plugin columns look like phones or ID numbers but are stored in clear: {found}; "
        "store a person_id instead, or declare the column Encrypted('table.column') with a blind index"
    )


def test_the_rule_catches_clear_columns_and_passes_encrypted_ones():
    meta = MetaData()
    table = Table(
        "x_members",
        meta,
        Column("id", Integer, primary_key=True),
        Column("mobile", String(20)),
        Column("guardian_phone", String(20)),
        Column("sfz", String(18)),
        Column("parent_id_card", String(18)),
        Column("contact_phone", Encrypted("x_members.contact_phone")),
        Column("contact_phone_bidx", String(40)),
        Column("telescope", String(10)),
        Column("hotel", String(10)),
    )
    assert offenders([table]) == [
        "x_members.guardian_phone",
        "x_members.mobile",
        "x_members.parent_id_card",
        "x_members.sfz",
    ]


def test_the_kernel_register_itself_passes():
    from core.people.models import Person, Unit

    assert offenders([Person.__table__, Unit.__table__]) == []
