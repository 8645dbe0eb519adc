"""HTTP routes of partner grants: a community gives a unit's accounts their unit role."""

from __future__ import annotations

from litestar import Controller, delete, get, post

from core.context import RequestContext
from core.errors import N_, Invalid
from core.partners.schemas import PartnerGrantCreate, PartnerGrantRead
from core.partners.services import (
    create_unit_account,
    grant_unit_role,
    list_grants,
    revoke_unit_role,
    unit_in_org,
)
from core.users.services import UserService


class PartnerGrantController(Controller):
    """Unit roles of accounts, for the units registered at an org and below it."""

    path = "/orgs/{org_id:int}/partner-grants"
    tags = ["partners"]

    @get("/", operation_id="ListPartnerGrants")
    async def list_grants(self, ctx: RequestContext, org_id: int) -> list[PartnerGrantRead]:
        """Every unit grant for units registered at the org or below."""
        await ctx.enter_org(org_id, "core:member", "read")
        return [
            PartnerGrantRead(
                id=g.id,
                user_id=u.id,
                username=u.username,
                unit_id=g.unit_id,
                role=g.role,
                org_id=g.org_id,
            )
            for g, u in await list_grants(ctx)
        ]

    @post("/", operation_id="GrantUnitRole")
    async def grant(
        self, ctx: RequestContext, org_id: int, data: PartnerGrantCreate
    ) -> PartnerGrantRead:
        """Give an account (existing, or created here) a unit role on a unit of this org."""
        org = await ctx.enter_org(org_id, "core:member", "create")
        unit = await unit_in_org(ctx, org, data.unit_id)
        if data.user_id is not None:
            user = await UserService(ctx.session).get(data.user_id)
        else:
            if not data.username or not data.password:
                raise Invalid(
                    N_("{field} is required"), field="user_id" if not data.username else "password"
                )
            await ctx.require(org, "core:user", "create")
            user = await create_unit_account(ctx, data.username, data.password, data.display_name)
        grant, _created = await grant_unit_role(ctx, org, user, unit, data.role)
        return PartnerGrantRead(
            id=grant.id,
            user_id=user.id,
            username=user.username,
            unit_id=unit.id,
            role=grant.role,
            org_id=grant.org_id,
        )

    @delete("/{grant_id:int}", operation_id="RevokeUnitRole", status_code=204)
    async def revoke(self, ctx: RequestContext, org_id: int, grant_id: int) -> None:
        """Withdraw a unit grant of a unit registered at the org or below."""
        org = await ctx.enter_org(org_id, "core:member", "delete")
        await revoke_unit_role(ctx, org, grant_id)
