"""The audit log of an org's subtree, with filters."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from litestar import Request, get
from litestar.response import Template

from core.audit.models import AuditEntry
from core.audit.services import audit_query
from core.context import RequestContext
from core.users.services import UserService
from core.web.render import page

PAGE_SIZE = 50


def _day(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


@get("/orgs/{org_id:int}/audit")
async def audit(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    action: str = "",
    actor: str = "",
    since: str = "",
    until: str = "",
    before: int | None = None,
) -> Template:
    """Entries at this org and below, newest first; filter by action prefix, username and dates."""
    org = await ctx.enter_org(org_id, "core:audit", "read")
    actor_id = None
    if actor.strip():
        user = await UserService(ctx.session).by_username(actor.strip()[:64])
        actor_id = user.id if user else -1
    start, end = _day(since), _day(until)
    stmt = audit_query(
        org.path,
        action=action.strip()[:64] or None,
        actor_id=actor_id,
        since=start,
        until=end + timedelta(days=1) if end else None,
    )
    if before is not None:
        stmt = stmt.where(AuditEntry.id < before)
    entries = list((await ctx.session.execute(stmt.limit(PAGE_SIZE + 1))).scalars())
    older = entries[PAGE_SIZE - 1].id if len(entries) > PAGE_SIZE else None
    filters = {"action": action, "actor": actor, "since": since, "until": until}
    query = urlencode({**filters, "before": older}) if older else ""
    return await page(
        request, "audit.html", ctx, org, entries=entries[:PAGE_SIZE], filters=filters, older=query
    )
