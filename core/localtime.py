"""China's local time: forms, rosters and "today" are in Beijing; storage is UTC everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def local_today() -> date:
    """Today in China (the server may keep UTC)."""
    return datetime.now(LOCAL_TZ).date()


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values (SQLite hands them back) are taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
