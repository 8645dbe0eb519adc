"""Renaming and moving nodes as the caller: rights, audit and authz upkeep in one place.

The API and the web console both call these, so a move can never skip the check at the
old and new parent, or the authorizer reload that follows changed paths.
"""

from __future__ import annotations

from core.context import RequestContext
from core.errors import N_, Forbidden
from tenants.models import OrgUnit
from tenants.orgs.services import OrgService

OBJ = "core:org"


async def rename_org(ctx: RequestContext, org: OrgUnit, name: str) -> OrgUnit:
    """Rename ``org`` if the caller may update it."""
    await ctx.require(org, OBJ, "update")
    if name != org.name:
        old = org.name
        await OrgService(ctx.session).rename(org, name)
        await ctx.audit("org.rename", org, "org", str(org.id), {"from": old, "to": name})
    return org


async def move_org(ctx: RequestContext, org: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Hang ``org`` under ``new_parent``; needs the update right at the old and the new parent."""
    if org.parent_id is None:
        raise Forbidden(N_("a city cannot be moved"), field="parent_id")
    if new_parent.id == org.parent_id:
        return org
    old_parent = await ctx.get_org(org.parent_id)
    await ctx.require(old_parent, OBJ, "update")
    await ctx.require(new_parent, OBJ, "update")
    org = await OrgService(ctx.session).move(org, new_parent)
    await ctx.audit("org.move", new_parent, "org", str(org.id), {"from": old_parent.id, "to": new_parent.id})
    ctx.after_commit.append(ctx.authz.paths_changed)
    return org
