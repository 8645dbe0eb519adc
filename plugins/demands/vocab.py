"""The pipeline's vocabulary as data: channels, categories, dispositions, statuses, ratings.

Codes live in ``vocab.yaml`` beside this module; logic only uses codes, labels are looked up.
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
    """The codes of one table (e.g. ``channels``)."""
    return tuple(vocab()[table])


def label(table: str, code: str, en: bool = False) -> str:
    """The label of a code (Chinese unless ``en``), or the code itself when unknown."""
    entry = vocab()[table].get(code)
    if entry is None:
        return code
    return str(entry[1] if en else entry[0])


def message(key: str, **params: Any) -> str:
    """A message to the resident, filled in."""
    return str(vocab()["messages"][key]).format(**params)


def figure(key: str, **params: Any) -> str:
    """The label of a figure (cards, pages, the workbook), filled in."""
    return str(vocab()["figures"][key]).format(**params)


CHANNELS = codes("channels")
KINDS = codes("kinds")
STATUSES = codes("statuses")
RATINGS = codes("ratings")
DISCLOSURE_KEYS = codes("disclosure")
DEFAULT_CATEGORIES = codes("categories")

OPEN_STATUSES = ("open", "promised", "missing_documents", "escalated", "answered")
CLOCKED_STATUSES = ("promised", "answered")
"""Statuses whose ``due_on`` is a promise the community must keep (supervised when late)."""
DISPOSABLE_STATUSES = ("open", "missing_documents", "promised")
"""Statuses from which a (new) disposition may be chosen."""
