"""HTTP routes for account administration and the caller's own password."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get, patch, post
from litestar.params import Parameter

from core.context import RequestContext
from core.users.accounts import AccountService
from core.users.schemas import (
    AccountPage,
    AccountRead,
    AccountUpdate,
    PasswordChange,
    PasswordReset,
    account_read,
)


class AccountController(Controller):
    """Administer one account (edit, deactivate, reset its password)."""

    path = "/users/{user_id:int}"
    tags = ["users"]

    @get("/", operation_id="GetAccount")
    async def read(self, ctx: RequestContext, user_id: int) -> AccountRead:
        """An account the caller may administer."""
        return account_read(await AccountService(ctx).administrable(user_id))

    @patch("/", operation_id="UpdateAccount")
    async def update(self, ctx: RequestContext, user_id: int, data: AccountUpdate) -> AccountRead:
        """Change name, job title, phone or active state; deactivation applies on the next request."""
        service = AccountService(ctx)
        user = await service.administrable(user_id)
        given = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
        return account_read(await service.update(user, given))

    @post("/password", operation_id="ResetPassword", status_code=200)
    async def reset_password(self, ctx: RequestContext, user_id: int, data: PasswordReset) -> AccountRead:
        """Set a new password; the user must change it at their next login unless told otherwise."""
        service = AccountService(ctx)
        user = await service.administrable(user_id)
        await service.reset_password(user, data.password, data.must_change_password)
        return account_read(user)


@get("/orgs/{org_id:int}/accounts", operation_id="ListAccounts", tags=["users"])
async def list_accounts(
    ctx: RequestContext,
    org_id: int,
    q: Annotated[str, Parameter(max_length=100)] = "",
    offset: Annotated[int, Parameter(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
) -> AccountPage:
    """Accounts holding a role at this org or below (search by username, name or job title)."""
    org = await ctx.enter_org(org_id, "core:user", "read")
    rows, total = await AccountService(ctx).in_subtree(org, q.strip(), offset, limit)
    return AccountPage([account_read(u) for u in rows], total, offset, limit)


@post("/me/password", operation_id="ChangeOwnPassword", tags=["users"], status_code=204)
async def change_own_password(ctx: RequestContext, data: PasswordChange) -> None:
    """Change the caller's own password (required first when an administrator set it)."""
    await AccountService(ctx).change_own_password(data.current_password, data.new_password)
