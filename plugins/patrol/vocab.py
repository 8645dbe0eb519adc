"""The plugin's vocabulary as data: team colours, kinds, categories, statuses and their labels.

Codes live in ``vocab.yaml`` next to this module; Python logic only ever uses the codes,
and labels are looked up here, so wording changes never touch code.
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


def builtin_teams() -> list[dict[str, str]]:
    """The seven built-in teams, in their traditional order."""
    return list(vocab()["teams"])


def codes(table: str) -> tuple[str, ...]:
    """The codes of one vocabulary table (e.g. ``report_categories``)."""
    data = vocab()[table]
    if table == "teams":
        return tuple(t["colour"] for t in data)
    return tuple(data)


def label(table: str, code: str) -> str:
    """The Chinese label of a code, or the code itself when the table has none."""
    return str(vocab()[table].get(code, code))


COLOURS = codes("teams")
MEMBER_KINDS = codes("member_kinds")
ACTIVITY_KINDS = codes("activity_kinds")
REPORT_CATEGORIES = codes("report_categories")
REPORT_STATUSES = codes("report_statuses")
VERIFICATION_RESULTS = codes("verification_results")

# The report status flow: each status and the statuses it may move to. One table, so the
# service, the API and the pages agree on what is allowed.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("handling", "mediated", "resolved", "reported_upward"),
    "handling": ("mediated", "resolved", "reported_upward"),
    "mediated": ("resolved",),
    "reported_upward": ("resolved",),
    "resolved": (),
}
