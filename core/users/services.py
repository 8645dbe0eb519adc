"""Accounts and role assignments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.passwords import hash_password
from core.errors import N_, Conflict, Invalid, NotFound
from core.users.models import RoleAssignment, User
from core.users.roles import BASE_ROLES, LEVELS_FOR_ROLE
from tenants.models import OrgUnit
from tenants.scoping import unscoped

# Largest id of an INTEGER column; larger ids make the driver raise instead of finding nothing.
MAX_ID = 2**31 - 1


async def assignments_of(session: AsyncSession, user_id: int) -> list[RoleAssignment]:
    """Every role the user holds anywhere (their own rows, whatever the request's scope)."""
    async with unscoped(session, "a user may always see their own role assignments"):
        stmt = select(RoleAssignment).where(RoleAssignment.user_id == user_id).order_by(RoleAssignment.org_path)
        rows = list((await session.execute(stmt)).scalars())
    return rows


class UserService:
    """Creates accounts and grants or withdraws roles."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_username(self, username: str) -> User | None:
        """An account by username."""
        return (await self.session.execute(select(User).where(User.username == username))).scalar_one_or_none()

    async def create(self, username: str, password: str, display_name: str = "", *, platform_admin: bool = False) -> User:
        """Create an account; 409 when the username is taken."""
        if await self.by_username(username) is not None:
            raise Conflict(N_("username '{username}' is already taken"), field="username",
                           params={"username": username})
        user = User(
            username=username,
            password_hash=hash_password(password),
            display_name=display_name or username,
            is_platform_admin=platform_admin,
        )
        self.session.add(user)
        await self.session.flush()
        return user

    async def get(self, user_id: int) -> User:
        """An account by id, or NotFound naming the field."""
        user = await self.session.get(User, user_id) if 0 < user_id <= MAX_ID else None
        if user is None:
            raise NotFound(N_("user {user} not found"), field="user_id", params={"user": user_id})
        return user

    async def grant(self, user: User, role: str, org: OrgUnit, granted_by: int | None = None) -> tuple[RoleAssignment, bool]:
        """Grant ``role`` at ``org``; returns (assignment, created)."""
        if role not in BASE_ROLES:
            raise Invalid(N_("unknown role '{role}'; expected one of {expected}"), field="role",
                          params={"role": role, "expected": ", ".join(BASE_ROLES)})
        if org.level not in LEVELS_FOR_ROLE[role]:
            raise Invalid(
                N_("role {role} is granted at a {levels}, not at a {level}"),
                field="role",
                params={"role": role, "levels": " / ".join(LEVELS_FOR_ROLE[role]), "level": org.level},
            )
        existing = (
            await self.session.execute(
                select(RoleAssignment).where(
                    RoleAssignment.user_id == user.id,
                    RoleAssignment.role == role,
                    RoleAssignment.org_id == org.id,
                )
            )
        ).scalar_one_or_none()
        if existing is not None:
            return existing, False
        assignment = RoleAssignment(user_id=user.id, role=role, org_id=org.id, granted_by=granted_by)
        self.session.add(assignment)
        await self.session.flush()
        return assignment, True

    async def members(self, org: OrgUnit) -> list[tuple[RoleAssignment, User]]:
        """Role assignments in the subtree of ``org`` (the session's scope filters them too)."""
        stmt = (
            select(RoleAssignment, User)
            .join(User, User.id == RoleAssignment.user_id)
            .where(RoleAssignment.org_path.startswith(org.path))
            .order_by(RoleAssignment.org_path, User.username)
        )
        return [(a, u) for a, u in (await self.session.execute(stmt)).all()]

    async def assignment(self, assignment_id: int) -> RoleAssignment:
        """One assignment inside the scope, or NotFound."""
        found = await self.session.get(RoleAssignment, assignment_id) if 0 < assignment_id <= MAX_ID else None
        if found is None:
            raise NotFound(N_("membership {membership} not found"), field="membership_id",
                           params={"membership": assignment_id})
        return found
