"""Open311 GeoReport v2, read-only: a community's categories as services and its demands as
service requests, for existing Open311 clients and dashboards.

Nothing personal leaves here: no resident, no free text (a demand's content, answer and
solution are written by people and may name people), no photo, no tracking code (it is half of
the resident's own look-up key). A request shows its category, status, the disposition's label,
the responsible community and its dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from core.localtime import LOCAL_TZ, as_utc
from plugins.demands.models import Demand
from plugins.demands.services._common import today
from plugins.demands.vocab import label
from tenants.models import OrgUnit

MAX_REQUESTS = 1000
"""At most this many requests per answer (the spec lets the server choose)."""
DEFAULT_DAYS = 90
"""Without dates, the last 90 days (the spec's default)."""
MAX_IDS = 100


def _local(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return as_utc(value).astimezone(LOCAL_TZ).isoformat(timespec="seconds")
    return datetime.combine(value, time(), LOCAL_TZ).isoformat(timespec="seconds")


def _when(raw: str | None, field: str) -> date | None:
    """An ISO 8601 date or date-time (w3 format, as the spec says), as a date in China."""
    if raw is None or not raw.strip():
        return None
    raw = raw.strip()
    try:
        if "T" not in raw:
            return date.fromisoformat(raw)
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(
            N_("{field} must be an ISO 8601 date or date-time like 2026-09-30T08:00:00+08:00"),
            field=field,
        ) from None
    return (value if value.tzinfo is None else value.astimezone(LOCAL_TZ)).date()


@dataclass
class RequestQuery:
    """The filters of ``GET requests.json``, checked."""

    ids: list[int] | None = None
    service_codes: list[str] | None = None
    start: date | None = None
    end: date | None = None
    statuses: list[str] | None = None

    @classmethod
    def parse(
        cls,
        service_request_id: str | None,
        service_code: str | None,
        start_date: str | None,
        end_date: str | None,
        status: str | None,
    ) -> RequestQuery:
        """Read the query parameters; bad ones are refused naming the parameter."""
        ids = None
        if service_request_id:
            parts = [p.strip() for p in service_request_id.split(",") if p.strip()]
            if len(parts) > MAX_IDS or not all(p.isdigit() and len(p) < 10 for p in parts):
                raise Invalid(
                    N_("{field} must be up to {limit} numeric ids separated by commas"),
                    field="service_request_id",
                    params={"limit": MAX_IDS},
                )
            ids = [int(p) for p in parts]
        statuses = None
        if status:
            statuses = [p.strip() for p in status.split(",") if p.strip()]
            if not statuses or any(p not in ("open", "closed") for p in statuses):
                raise Invalid(N_("{field} must be open, closed or both"), field="status")
        codes = [p.strip() for p in service_code.split(",") if p.strip()] if service_code else None
        start, end = _when(start_date, "start_date"), _when(end_date, "end_date")
        if start and end and start > end:
            raise Invalid(N_("{field} is after end_date"), field="start_date")
        return cls(ids, codes or None, start, end, statuses)


class Open311Service:
    """One community's demands as GeoReport v2 resources (the session scoped to it)."""

    def __init__(self, session: AsyncSession, community: OrgUnit, config: dict[str, Any]) -> None:
        self.session = session
        self.community = community
        self.config = config

    def _name(self, code: str) -> str:
        return self.config.get("category_labels", {}).get(code) or label("categories", code)

    def services(self) -> list[dict[str, Any]]:
        """The community's categories as services."""
        return [
            {
                "service_code": code,
                "service_name": self._name(code),
                "description": label("categories", code, en=True),
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": label("channels", "public_page"),
            }
            for code in self.config["categories"]
        ]

    async def requests(self, query: RequestQuery) -> list[dict[str, Any]]:
        """The community's demands matching ``query``, newest first (at most 1000)."""
        stmt = select(Demand).where(Demand.org_id == self.community.id)
        if query.ids is not None:
            stmt = stmt.where(Demand.id.in_(query.ids))
        else:
            # The spec's default window: the last 90 days, when no date is given.
            start = query.start
            if start is None and query.end is None:
                start = today() - timedelta(days=DEFAULT_DAYS)
            if start is not None:
                stmt = stmt.where(Demand.received_on >= start)
            if query.end is not None:
                stmt = stmt.where(Demand.received_on <= query.end)
        if query.service_codes:
            stmt = stmt.where(Demand.category.in_(query.service_codes))
        if query.statuses == ["closed"]:
            stmt = stmt.where(Demand.status == "closed")
        elif query.statuses == ["open"]:
            stmt = stmt.where(Demand.status != "closed")
        stmt = stmt.order_by(Demand.received_on.desc(), Demand.id.desc()).limit(MAX_REQUESTS)
        return [self.request(d) for d in (await self.session.execute(stmt)).scalars()]

    def request(self, demand: Demand) -> dict[str, Any]:
        """One demand as a service request, without anything personal."""
        notes = label("statuses", demand.status)
        if demand.kind:
            notes = f"{label('kinds', demand.kind)} · {notes}"
        return {
            "service_request_id": str(demand.id),
            "status": "closed" if demand.status == "closed" else "open",
            "status_notes": notes,
            "service_name": self._name(demand.category),
            "service_code": demand.category,
            "description": None,
            "agency_responsible": self.community.name,
            "service_notice": None,
            "requested_datetime": _local(demand.received_on),
            "updated_datetime": _local(demand.updated_at),
            "expected_datetime": _local(demand.due_on) if demand.status != "closed" else None,
            "address": None,
            "address_id": None,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
        }
