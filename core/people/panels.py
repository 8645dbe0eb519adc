"""Person panels: what each enabled module shows about a person on that person's page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonPanel:
    """A panel on the person page; ``load(session, person)`` returns its masked content as
    ``{"rows": [(label, value), …]}`` or ``{"html": "<safe markup>"}``."""

    id: str
    title_zh: str
    title_en: str
    load: Callable[[Any, Any], Awaitable[dict[str, Any]]]
    permission: tuple[str, str] | None = None
    order: int = 100
