"""Request and response types of the user and membership routes."""

from __future__ import annotations

from typing import Annotated

import msgspec

Username = Annotated[str, msgspec.Meta(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")]
Password = Annotated[str, msgspec.Meta(min_length=8, max_length=256)]
DisplayName = Annotated[str, msgspec.Meta(max_length=100)]
Role = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A new account; ``org_id`` and ``role`` grant its first role in the same transaction."""

    username: Username
    password: Password
    display_name: DisplayName = ""
    org_id: int | None = None
    role: Role | None = None


class UserRead(msgspec.Struct):
    """An account, without its password hash."""

    id: int
    username: str
    display_name: str
    is_active: bool
    is_platform_admin: bool


class UserUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Deactivate (``false``: every token of the account stops working at once) or reactivate."""

    is_active: bool


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True):
    """The current password and the new one; every token of the account is revoked."""

    current_password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    new_password: Password


class MemberCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Grant ``role`` to ``user_id`` at the org in the path (covers its subtree)."""

    user_id: int
    role: Role


class MemberRead(msgspec.Struct):
    """A role assignment."""

    id: int
    user_id: int
    username: str
    display_name: str
    role: str
    org_id: int
    org_path: str


class AssignmentRead(msgspec.Struct):
    """A role the current user holds."""

    role: str
    org_id: int
    org_path: str
    org_name: str
    org_level: str


class MeRead(msgspec.Struct):
    """The current user with every role assignment."""

    id: int
    username: str
    display_name: str
    is_platform_admin: bool
    roles: list[AssignmentRead]


def user_read(user) -> UserRead:
    """Serialise a User."""
    return UserRead(user.id, user.username, user.display_name, user.is_active, user.is_platform_admin)
