"""The per-request context handed to controllers: one session, the user, authorization, audit."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit.services import write_audit
from core.authz.runtime import AuthzRuntime
from core.observability import bind_request_context
from core.statecache import StateCache, get_row
from core.users.services import MAX_ID
from core.users.models import User
from tenants.models import OrgUnit
from tenants.scoping import set_scope


@dataclass
class RequestContext:
    """What a request may touch: its session (one per request), its user and their rights."""

    session: AsyncSession
    user: User
    authz: AuthzRuntime
    ip: str
    state: State
    after_commit: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)

    def can(self, org: OrgUnit, obj: str, act: str) -> bool:
        """May the user do ``act`` on ``obj`` at ``org``?"""
        if self.user.is_platform_admin:
            return True
        return self.authz.enforce(self.user.id, org.path, obj, act)

    async def get_org(self, org_id: int, field: str = "org_id") -> OrgUnit:
        """Load an org node or answer 404 naming the field and the id."""
        # Ids past the INTEGER range make the driver raise (500) instead of finding nothing.
        cache = getattr(self.state, "cache", None)
        org = await get_row(self.session, cache, OrgUnit, org_id) if 0 < org_id <= MAX_ID else None
        if org is None:
            raise NotFoundException(detail=f"{field}: org {org_id} not found")
        return org

    async def require(self, org: OrgUnit, obj: str, act: str) -> None:
        """Answer 403 with a message (and an audit entry) unless the user may act here."""
        if not self.can(org, obj, act):
            await self.audit("authz.denied", org, obj, str(org.id), {"action": act}, commit_now=True)
            # No name, and the level only to those who may read the org: a denial must not
            # reveal anything of an org the caller cannot read.
            where = f"{org.level} {org.id}" if self.can(org, "core:org", "read") else f"org {org.id}"
            raise PermissionDeniedException(detail=f"you may not {act} {obj} at {where}")

    async def enter_org(self, org_id: int, obj: str, act: str, field: str = "org_id") -> OrgUnit:
        """Load the org, check the right, and narrow the tenant scope to its subtree."""
        org = await self.get_org(org_id, field)
        await self.require(org, obj, act)
        set_scope(self.session, org.path)
        self.session.info[LOCAL_GRANT_KEY] = self.granted_locally(org)
        bind_request_context(org_id=org.id)
        return org

    def granted_locally(self, org: OrgUnit) -> bool:
        """Does the caller reach ``org`` through a role granted at a community or a grid?

        Street, city and platform roles supervise: the register shows them no minors (see
        ``core.people.services.persons``), whatever org they enter.
        """
        if self.user.is_platform_admin:
            return False
        return any(path.count("/") >= 4 for _role, path in self.authz.roles_at(self.user.id, org.path))

    async def enter_unit(self, unit_id: int, obj: str, act: str, field: str = "unit_id"):
        """Load a unit of the register and check the caller's unit role there (partner accounts).

        The tenant scope stays empty: the returned :class:`core.partners.UnitAccess` is the
        only way to the rows linked to the unit (``access.across_communities(reason)`` with
        ``access.only(<Model>.unit_id)``).
        """
        from core.partners.access import enter_unit

        access = await enter_unit(self, unit_id, obj, act, field)
        bind_request_context(unit_id=access.unit_id)
        return access

    async def audit(
        self,
        action: str,
        org: OrgUnit | None,
        object_type: str = "",
        object_id: str = "",
        detail: dict[str, Any] | None = None,
        *,
        commit_now: bool = False,
    ) -> None:
        """Append an audit entry in this request's transaction (or at once, for denials)."""
        entry = dict(
            actor_id=self.user.id,
            actor_name=self.user.username,
            action=action,
            org=org,
            object_type=object_type,
            object_id=object_id,
            ip=self.ip,
            detail=detail or {},
        )
        if commit_now:
            # A denial rolls the request back; its record must survive that.
            async with self.state.db.session() as side:
                await write_audit(side, **entry)
                await side.commit()
        else:
            await write_audit(self.session, **entry)


LOCAL_GRANT_KEY = "shequ.granted_locally"
"""Session info key: whether the request's caller holds a community- or grid-level role there."""

PASSWORD_CHANGE_PATHS = frozenset({"/api/v1/me", "/api/v1/me/password", "/account/password"})
"""What an account that must change its password may still reach (logout needs no context)."""


class PasswordChangeRequired(PermissionDeniedException):
    """The account's password was set by someone else; it must be changed before anything else."""


def client_ip(request: Request) -> str:
    """The caller's address as the server saw it."""
    return request.client.host if request.client else ""


async def current_user(session: AsyncSession, cache: StateCache | None, principal: Any) -> User | None:
    """The token's user row, from the process's cache when it is there.

    A cached row that would refuse the token (disabled, another token version) is read again:
    a refusal always rests on the database, an acceptance on a row no older than the last
    change notice (see core/statecache.py).
    """
    user = await get_row(session, cache, User, principal.user_id)
    if user is not None and user.is_active and getattr(principal, "version", 0) == user.token_version:
        return user
    if cache is not None:
        cache.drop(("users", principal.user_id))
        user = await session.get(User, principal.user_id, populate_existing=True)
    return user


async def provide_session(state: State) -> AsyncGenerator[AsyncSession, None]:
    """A session for a request that needs no user (login); committed if the handler succeeds."""
    async with state.db.session() as session:
        set_scope(session, None)
        try:
            yield session
        except Exception:
            await session.rollback()
            raise
        else:
            await session.commit()


async def provide_context(request: Request, state: State) -> AsyncGenerator[RequestContext, None]:
    """One session per request, scoped to nothing until a handler enters an org.

    Committed when the handler returns normally, rolled back when it raises, so nothing
    is ever half-written.
    """
    principal = request.user
    async with state.db.session() as session:
        set_scope(session, None)
        user = await current_user(session, getattr(state, "cache", None), principal)
        if user is None or not user.is_active:
            raise NotAuthorizedException(detail="this account no longer exists or is disabled")
        if getattr(principal, "version", 0) != user.token_version:
            raise NotAuthorizedException(detail="this token was revoked (logout, password change or deactivation)")
        if user.must_change_password and request.url.path not in PASSWORD_CHANGE_PATHS:
            raise PasswordChangeRequired(
                detail="change your password first: POST /api/v1/me/password (or /account/password)"
            )
        bind_request_context(user_id=user.id)
        ctx = RequestContext(session, user, state.authz, client_ip(request), state)
        try:
            yield ctx
        except Exception:
            await session.rollback()
            raise
        else:
            await session.commit()
            for callback in ctx.after_commit:
                await callback()
