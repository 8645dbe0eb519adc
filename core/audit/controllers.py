"""The audit log, listed within the caller's subtree."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, get
from litestar.params import Parameter

from core.audit.models import AuditEntry
from core.audit.services import audit_query
from core.context import RequestContext
from core.errors import N_, Forbidden


class AuditRead(msgspec.Struct):
    """One audit entry."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    org_id: int | None
    object_type: str
    object_id: str
    ip: str
    detail: dict[str, Any]


class AuditController(Controller):
    """Read-only access to the append-only audit log."""

    path = "/orgs/{org_id:int}/audit"
    tags = ["audit"]

    @get("/", operation_id="ListAudit")
    async def list_entries(
        self,
        ctx: RequestContext,
        org_id: int,
        action: Annotated[str | None, Parameter(max_length=64)] = None,
        actor_id: Annotated[int | None, Parameter(ge=1, le=2**31 - 1)] = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
        before_id: Annotated[int | None, Parameter(ge=1, le=2**31 - 1)] = None,
    ) -> list[AuditRead]:
        """Entries at this org and below, newest first; page with ``before_id``."""
        org = await ctx.enter_org(org_id, "core:audit", "read")
        return await _entries(ctx, org.path, action, actor_id, since, until, limit, before_id)


@get("/audit", operation_id="ListPlatformAudit", tags=["audit"])
async def list_platform_audit(
    ctx: RequestContext,
    action: Annotated[str | None, Parameter(max_length=64)] = None,
    actor_id: Annotated[int | None, Parameter(ge=1, le=2**31 - 1)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
    before_id: Annotated[int | None, Parameter(ge=1, le=2**31 - 1)] = None,
) -> list[AuditRead]:
    """Every entry, platform-level ones (logins, failed logins) included; platform admins only."""
    if not ctx.user.is_platform_admin:
        raise Forbidden(N_("only a platform admin can read the platform-wide audit log"), field="audit")
    return await _entries(ctx, "/", action, actor_id, since, until, limit, before_id)


async def _entries(ctx, path, action, actor_id, since, until, limit, before_id) -> list[AuditRead]:
    stmt = audit_query(path, action=action, actor_id=actor_id, since=since, until=until)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    rows = (await ctx.session.execute(stmt.limit(limit))).scalars()
    return [
        AuditRead(e.id, e.at, e.actor_id, e.actor_name, e.action, e.org_id, e.object_type, e.object_id, e.ip, e.detail)
        for e in rows
    ]
