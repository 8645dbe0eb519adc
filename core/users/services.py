"""Accounts and role assignments."""

from __future__ import annotations

from sqlalchemy import or_, select
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


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


async def linkable_user(session: AsyncSession, org: OrgUnit, user_id: int, field: str = "user_id") -> User:
    """An active account a plugin may link to a row of ``org``, or 404 naming ``field``.

    Only accounts that hold a role at ``org``, above it or inside its subtree qualify; any
    other id, existing or not, gets the same answer, so ids cannot be enumerated.
    """
    user = await session.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if user is not None and user.is_active:
        async with unscoped(session, "whether an account holds a role at, above or below the org"):
            held = await session.scalar(
                select(RoleAssignment.id).where(
                    RoleAssignment.user_id == user.id,
                    or_(RoleAssignment.org_path.startswith(org.path, autoescape=True),
                        RoleAssignment.org_path.in_(_ancestor_paths(org.path))),
                ).limit(1)
            )
        if held is not None:
            return user
    raise NotFound(N_("user {user} not found here"), field=field, params={"user": user_id})


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

    async def revoke_tokens(self, user: User) -> None:
        """Make every token issued to ``user`` so far invalid, at once, in every process."""
        user.token_version = (user.token_version or 0) + 1
        await self.session.flush()

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
