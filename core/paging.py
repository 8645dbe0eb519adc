"""Paging a query: one page of rows and the total, for console lists (core and plugins).

Services build the ``select`` (SQL stays there) and return ``await paginate(session, stmt,
page)``; pages render it with ``{% include "_pager.html" %}`` (the console's pager, which
keeps the list's other query parameters such as its search and filters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

PER_PAGE = 50


@dataclass
class Page:
    """Rows of one page of a list, with where it sits in the whole list."""

    items: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one, even when empty)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        """Is there a page before this one?"""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Is there a page after this one?"""
        return self.number < self.pages


def page_number(raw: Any) -> int:
    """A page number from a query parameter: 1 for anything missing or not a positive integer."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 100_000))


async def paginate(session: AsyncSession, stmt: Select, number: int, per_page: int = PER_PAGE) -> Page:
    """Run ``stmt`` for page ``number`` (past the end: the last page) and count the whole list."""
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    number = min(max(1, number), max(1, -(-total // per_page)))
    rows = (await session.execute(stmt.limit(per_page).offset((number - 1) * per_page))).scalars().all()
    return Page(items=list(rows), number=number, per_page=per_page, total=int(total))
