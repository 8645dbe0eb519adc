"""Account administration: edit, deactivate, reset a password, force a change, change one's own.

Who may administer an account: a platform admin; otherwise a caller who may update users
(``core:user update``) at every org where the account holds a role, with a role outranking
each of those roles there. Accounts the caller cannot see at all answer 404, so ids outside
their reach reveal nothing; accounts they see but do not outrank answer 403.
"""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select

from core.auth.passwords import hash_password, verify_password
from core.errors import N_, Forbidden, Invalid, NotFound
from core.privacy.masking import mask_phone
from core.users.grants import roles_of_caller
from core.users.models import RoleAssignment, User
from core.users.roles import can_grant
from core.users.services import MAX_ID, UserService, assignments_of
from tenants.models import OrgUnit

_PHONE = re.compile(r"^\+?[0-9][0-9-]{6,19}$")
MIN_PASSWORD = 8


def check_phone(value: str | None, field: str = "phone") -> str | None:
    """A phone number as stored (digits, an optional + and dashes), or None for none."""
    if value is None or not value.strip():
        return None
    value = re.sub(r"\s+", "", value)
    if not _PHONE.match(value):
        raise Invalid(N_("{field} must be a phone number like 13812345678"), field=field)
    return value


def check_new_password(password: str, field: str = "password") -> str:
    """A new password of acceptable length."""
    if len(password) < MIN_PASSWORD:
        raise Invalid(N_("{field} needs at least {minimum} characters"), field=field,
                      params={"minimum": MIN_PASSWORD})
    return password


class AccountService:
    """Administers accounts as the request's caller (``ctx``)."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.session = ctx.session

    async def administrable(self, user_id: int) -> User:
        """The account, if the caller may administer it (404 when out of sight, 403 when outranked)."""
        ctx = self.ctx
        user = await self.session.get(User, user_id) if 0 < user_id <= MAX_ID else None
        missing = NotFound(N_("user {user} not found"), field="user_id", params={"user": user_id})
        if user is None:
            raise missing
        if ctx.user.is_platform_admin:
            return user
        assignments = await assignments_of(self.session, user.id)
        orgs = [await self.session.get(OrgUnit, a.org_id) for a in assignments]
        if user.is_platform_admin or not any(ctx.can(o, "core:user", "read") for o in orgs):
            raise missing
        if user.id == ctx.user.id:
            raise Forbidden(N_("change your own account on your account page"), field="user_id")
        for a, org in zip(assignments, orgs, strict=True):
            if not ctx.can(org, "core:user", "update") or not can_grant(roles_of_caller(ctx, org), a.role):
                raise Forbidden(
                    N_("you may not administer this account: its role {role} is not below yours"),
                    field="user_id",
                    params={"role": a.role},
                )
        return user

    async def _home(self, user: User) -> OrgUnit | None:
        """Where the account's audit entries land: the org of its first role, so that org's log shows them."""
        assignments = await assignments_of(self.session, user.id)
        return await self.session.get(OrgUnit, assignments[0].org_id) if assignments else None

    async def update(self, user: User, changes: dict) -> User:
        """Apply ``changes`` (display_name, job_title, phone, is_active) and audit them."""
        audit = {}
        if "display_name" in changes:
            user.display_name = changes["display_name"].strip() or user.username
            audit["display_name"] = user.display_name
        if "job_title" in changes:
            user.job_title = changes["job_title"].strip()
            audit["job_title"] = user.job_title
        if "phone" in changes:
            user.phone = check_phone(changes["phone"])
            audit["phone"] = mask_phone(user.phone)
        if "is_active" in changes and changes["is_active"] != user.is_active:
            user.is_active = bool(changes["is_active"])
            audit["is_active"] = user.is_active
            if not user.is_active:  # its tokens stop working now, not when they expire
                await UserService(self.session).revoke_tokens(user)
        await self.session.flush()
        await self.ctx.audit("user.update", await self._home(user), "user", str(user.id), audit)
        return user

    async def reset_password(self, user: User, password: str, must_change: bool = True) -> None:
        """Give the account a new password chosen by the administrator."""
        user.password_hash = hash_password(check_new_password(password))
        user.must_change_password = must_change
        await UserService(self.session).revoke_tokens(user)  # whoever held the old one is out
        await self.ctx.audit("user.password_reset", await self._home(user), "user", str(user.id),
                             {"must_change_password": must_change})

    async def change_own_password(self, current: str, new: str) -> None:
        """The caller changes their own password (and clears a forced change)."""
        user = self.ctx.user
        if not verify_password(user.password_hash, current):
            raise Invalid(N_("the current password is wrong"), field="current_password")
        check_new_password(new, "new_password")
        if new == current:
            raise Invalid(N_("choose a password different from the current one"), field="new_password")
        user.password_hash = hash_password(new)
        user.must_change_password = False
        # Every session and token of the account ends, this one included (the console hands
        # its own browser a fresh session cookie).
        await UserService(self.session).revoke_tokens(user)
        await self.ctx.audit("user.password_change", await self._home(user), "user", str(user.id), {})

    async def in_subtree(self, org: OrgUnit, query: str = "", offset: int = 0, limit: int = 50):
        """Accounts holding a role at ``org`` or below, with a total count (for paging)."""
        ids = (
            select(RoleAssignment.user_id)
            .where(RoleAssignment.org_path.startswith(org.path))
            .distinct()
        )
        stmt = select(User).where(User.id.in_(ids))
        if query:
            like = f"%{query}%"
            stmt = stmt.where(or_(User.username.ilike(like), User.display_name.ilike(like),
                                  User.job_title.ilike(like)))
        total = (await self.session.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
        rows = (await self.session.execute(stmt.order_by(User.username).offset(offset).limit(limit))).scalars()
        return list(rows), total
