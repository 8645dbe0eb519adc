"""Request and response types of the reception log."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec


class VisitCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A visit to log; ``receiver`` defaults to the logged-in user's display name."""

    visit_date: date
    visitor: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    matter: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
    outcome: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    receiver: Annotated[str, msgspec.Meta(max_length=50)] | None = None


class VisitRead(msgspec.Struct):
    """A logged visit."""

    id: int
    org_id: int
    visit_date: date
    receiver: str
    visitor: str
    matter: str
    outcome: str


class WeekSummary(msgspec.Struct):
    """How the last seven days measure against the weekly reception rule."""

    since: date
    visits: int
    reception_days: int
    required_days: int
    ok: bool
