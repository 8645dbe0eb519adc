"""The plugin's vocabulary as data: categories, kinds, statuses and their labels.

Codes live in ``vocab.yaml`` next to this module; logic only uses codes, and labels are
looked up here, so wording changes never touch code.
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
    """The codes of one vocabulary table."""
    return tuple(vocab()[table])


def label(table: str, code: str, lang: str = "zh") -> str:
    """The label of a code (Chinese unless ``lang`` is "en"), or the code itself."""
    pair = vocab()[table].get(code)
    if not pair:
        return code
    return str(pair[1] if lang == "en" else pair[0])


CATEGORIES = codes("categories")
CONDITIONS = codes("conditions")
DONOR_KINDS = codes("donor_kinds")
MOVE_KINDS = codes("move_kinds")
WRITE_OFF_REASONS = codes("write_off_reasons")
TXN_KINDS = codes("txn_kinds")
AWARD_STATUSES = codes("award_statuses")
WISH_STATUSES = codes("wish_statuses")
REQUEST_STATUSES = codes("request_statuses")
