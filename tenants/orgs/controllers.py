"""HTTP routes of the territory tree."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import Parameter

from core import events
from core.context import RequestContext
from core.errors import N_, Forbidden
from tenants.models import OrgUnit
from tenants.orgs.schemas import OrgCreate, OrgRead, OrgTreeNode, OrgUpdate, org_read
from tenants.orgs.actions import move_org, rename_org
from tenants.orgs.services import OrgService

OBJ = "core:org"


def _tree(nodes: list[OrgUnit]) -> OrgTreeNode:
    by_id = {n.id: OrgTreeNode(n.id, n.parent_id, n.level, n.name, n.code, n.path, []) for n in nodes}
    root = by_id[nodes[0].id]
    for n in nodes[1:]:
        parent = by_id.get(n.parent_id)
        if parent is not None:
            parent.children.append(by_id[n.id])
    return root


class OrgController(Controller):
    """Read and change nodes of the territory tree."""

    path = "/orgs"
    tags = ["orgs"]

    @get("/", operation_id="ListMyOrgs")
    async def list_roots(self, ctx: RequestContext) -> list[OrgRead]:
        """The orgs where the caller holds a role (every city for a platform admin)."""
        service = OrgService(ctx.session)
        if ctx.user.is_platform_admin:
            from sqlalchemy import select

            cities = await ctx.session.execute(select(OrgUnit).where(OrgUnit.parent_id.is_(None)))
            return [org_read(o) for o in cities.scalars()]
        from core.users.services import assignments_of

        seen, out = set(), []
        for assignment in await assignments_of(ctx.session, ctx.user.id):
            if assignment.org_id not in seen:
                seen.add(assignment.org_id)
                out.append(org_read(await service.get(assignment.org_id)))
        return out

    @post("/", operation_id="CreateOrg")
    async def create(self, ctx: RequestContext, data: OrgCreate) -> OrgRead:
        """Create one node under a parent the caller may create orgs in."""
        service = OrgService(ctx.session)
        if data.parent_id is None:
            if not ctx.user.is_platform_admin:
                raise Forbidden(N_("only a platform admin can create a city"), field="parent_id")
            parent = None
        else:
            parent = await ctx.enter_org(data.parent_id, OBJ, "create", "parent_id")
        org = await service.create(parent, data.level, data.name, data.code)
        await events.org_created(ctx.session, org, ctx.state.plugins)
        await ctx.audit("org.create", parent or org, "org", str(org.id), {"name": org.name, "code": org.code})
        return org_read(org)

    @get("/{org_id:int}", operation_id="GetOrg")
    async def read(self, ctx: RequestContext, org_id: int) -> OrgRead:
        """One node."""
        return org_read(await ctx.enter_org(org_id, OBJ, "read"))

    @get("/{org_id:int}/children", operation_id="ListOrgChildren")
    async def children(self, ctx: RequestContext, org_id: int) -> list[OrgRead]:
        """Direct children of a node."""
        org = await ctx.enter_org(org_id, OBJ, "read")
        return [org_read(o) for o in await OrgService(ctx.session).children(org)]

    @get("/{org_id:int}/tree", operation_id="GetOrgTree")
    async def tree(
        self,
        ctx: RequestContext,
        org_id: int,
        depth: Annotated[int | None, Parameter(ge=0, le=3)] = None,
    ) -> OrgTreeNode:
        """The node with its whole subtree (or ``depth`` levels of it), nested."""
        org = await ctx.enter_org(org_id, OBJ, "read")
        return _tree(await OrgService(ctx.session).subtree(org, depth))

    @get("/{org_id:int}/search", operation_id="SearchOrgs")
    async def search(
        self, ctx: RequestContext, org_id: int, q: Annotated[str, Parameter(min_length=1, max_length=100)]
    ) -> list[OrgRead]:
        """Nodes below ``org_id`` whose name or code contains ``q``."""
        org = await ctx.enter_org(org_id, OBJ, "read")
        return [org_read(o) for o in await OrgService(ctx.session).search(org, q)]

    @patch("/{org_id:int}", operation_id="UpdateOrg")
    async def update(self, ctx: RequestContext, org_id: int, data: OrgUpdate) -> OrgRead:
        """Rename and/or move a node; a move needs rights at the old and the new parent."""
        org = await ctx.get_org(org_id)
        await ctx.require(org, OBJ, "update")
        if isinstance(data.name, str):
            await rename_org(ctx, org, data.name)
        if isinstance(data.parent_id, int) and data.parent_id != org.parent_id:
            org = await move_org(ctx, org, await ctx.get_org(data.parent_id, "parent_id"))
        return org_read(org)

    @delete("/{org_id:int}", operation_id="DeleteOrg", status_code=204)
    async def remove(self, ctx: RequestContext, org_id: int) -> None:
        """Delete a node with no children and no data; needs the right at its parent."""
        org = await ctx.get_org(org_id)
        if org.parent_id is None:
            if not ctx.user.is_platform_admin:
                raise Forbidden(N_("only a platform admin can delete a city"), field="id")
            parent = None
        else:
            parent = await ctx.get_org(org.parent_id)
            await ctx.require(parent, OBJ, "delete")
        await OrgService(ctx.session).delete(org)
        await ctx.audit("org.delete", parent, "org", str(org_id), {"name": org.name, "code": org.code})
