"""Open311 GeoReport v2 (read-only, JSON) for one community, without an account:
/orgs/{community}/demands/open311/v2/services.json, requests.json, requests/{id}.json.

Errors answer in the spec's shape, ``[{"code": 400, "description": "…"}]``, naming the
parameter. Every request counts against the module's ``open311_limit`` per address.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from sqlalchemy.ext.asyncio import AsyncSession

from core.context import client_ip
from core.errors import DomainError
from core.web.forms import reason
from plugins.demands.pages.public import PUBLIC, _community
from plugins.demands.services import check_rate
from plugins.demands.services._common import config_of
from plugins.demands.services.open311 import Open311Service, RequestQuery

BASE = "/open311/v2"


def _error(code: int, description: str) -> Response[list[dict[str, Any]]]:
    # GeoReport v2 answers a bad parameter with 400 (the API's 422).
    code = 400 if code == 422 else code
    return Response([{"code": code, "description": description}], status_code=code)


async def _service(request: Request, db_session: AsyncSession, org_id: int) -> Open311Service:
    org = await _community(db_session, org_id)
    config = await config_of(db_session, org)
    await check_rate(
        request.app.state.settings,
        config["open311_limit"],
        "open311",
        f"{org.id}:{client_ip(request)}",
    )
    return Open311Service(db_session, org, config)


@get(f"{BASE}/services.json", name="demands.open311.services", opt=PUBLIC)
async def services(request: Request, db_session: AsyncSession, org_id: int) -> Response:
    """The community's categories as Open311 services."""
    try:
        return Response((await _service(request, db_session, org_id)).services())
    except DomainError as exc:
        return _error(exc.status, reason(exc))


@get(f"{BASE}/requests.json", name="demands.open311.requests", opt=PUBLIC)
async def requests(
    request: Request,
    db_session: AsyncSession,
    org_id: int,
    service_request_id: str | None = None,
    service_code: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    status: str | None = None,
) -> Response:
    """The community's demands as Open311 service requests (the last 90 days by default)."""
    try:
        service = await _service(request, db_session, org_id)
        query = RequestQuery.parse(service_request_id, service_code, start_date, end_date, status)
        return Response(await service.requests(query))
    except DomainError as exc:
        return _error(exc.status, reason(exc))


@get(f"{BASE}/requests/{{ref:str}}", name="demands.open311.request", opt=PUBLIC)
async def one_request(
    request: Request, db_session: AsyncSession, org_id: int, ref: str
) -> Response:
    """``requests/{service_request_id}.json``: one service request (a list of one, as the
    spec has it), or 404."""
    raw = ref.removesuffix(".json")
    if not ref.endswith(".json") or not raw.isdigit() or len(raw) > 9:
        return _error(404, f"service_request_id: {ref} not found")
    try:
        service = await _service(request, db_session, org_id)
        found = await service.requests(RequestQuery(ids=[int(raw)]))
    except DomainError as exc:
        return _error(exc.status, reason(exc))
    if not found:
        return _error(404, f"service_request_id: {raw} not found")
    return Response(found)


PAGES = [services, requests, one_request]
