"""User accounts and role assignments."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin
import core.statecache  # noqa: F401  (every writer of these rows announces its changes)
from core.privacy.types import Encrypted
from tenants.scoping import TenantMixin


class User(TimestampMixin, Base):
    """A person who can log in. Users are global; what they may do comes from role assignments."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100), default="")
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(16))
    # Tokens carry the version they were issued at; raising it revokes every token of the
    # account at once (logout, password change, deactivation).
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    job_title: Mapped[str] = mapped_column(String(100), default="")
    # Staff are people too: their phone is personal data, encrypted and shown masked.
    phone: Mapped[str | None] = mapped_column(Encrypted("users.phone"))
    # Set when someone else chose the password (a new account, a reset): the next login
    # must choose a new one before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)


class RoleAssignment(TimestampMixin, TenantMixin, Base):
    """A role granted to a user at an org; it covers the org's whole subtree."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "org_id", name="uq_role_assignments_grant"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[int | None] = mapped_column(Integer)
