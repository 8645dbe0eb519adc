"""The plugin's vocabulary as data: categories, helper kinds, note fields, activity kinds.

Codes live in ``vocab.yaml`` next to this module; Python uses only the codes, and labels are
looked up here (``[Chinese, English]`` pairs), so wording changes never touch code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_FILE = Path(__file__).with_name("vocab.yaml")


@cache
def vocab() -> dict[str, Any]:
    """The parsed vocabulary file."""
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))


def codes(table: str) -> tuple[str, ...]:
    """The codes of one vocabulary table, in file order."""
    return tuple(vocab()[table])


def label(table: str, code: str) -> str:
    """The Chinese label of a code, or the code itself when the table has none."""
    pair = vocab()[table].get(code)
    return str(pair[0]) if pair else code


def pair(table: str, code: str) -> tuple[str, str]:
    """The (Chinese, English) labels of a code."""
    zh, en = vocab()[table][code]
    return str(zh), str(en)


CATEGORIES = codes("categories")
HELPER_KINDS = codes("helper_kinds")
CONTACT_MODES = codes("contact_modes")
NOTE_FIELDS = codes("note_fields")
ACTIVITY_KINDS = codes("activity_kinds")
LEAVE_REASONS = codes("leave_reasons")
PARENT_RELATIONS = codes("parent_relations")
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-5", 0, 5),
    ("6-11", 6, 11),
    ("12-14", 12, 14),
    ("15-17", 15, 17),
)
