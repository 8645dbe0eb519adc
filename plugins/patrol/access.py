"""Who may check whom in: the one rule the check-in API and the check-in page share."""

from __future__ import annotations

from core.context import RequestContext
from tenants.models import OrgUnit


async def enter_for_checkin(
    ctx: RequestContext, org_id: int, act: str
) -> tuple[OrgUnit, int | None]:
    """Enter the org for a check-in action; also say whose check-ins the caller is limited to.

    ``patrol:checkin`` lets staff check anyone in; ``patrol:own_checkin`` alone (party
    members, residents) lets a person check only themselves in, so the second value is the
    caller's user id, which the service holds the member to. Neither right: 403.
    """
    org = await ctx.get_org(org_id)
    if ctx.can(org, "patrol:checkin", act):
        return await ctx.enter_org(org_id, "patrol:checkin", act), None
    return await ctx.enter_org(org_id, "patrol:own_checkin", act), ctx.user.id
