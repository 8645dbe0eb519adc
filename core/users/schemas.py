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
    job_title: str = ""
    must_change_password: bool = False


def user_read(user) -> UserRead:
    """Serialise a User."""
    return UserRead(user.id, user.username, user.display_name, user.is_active, user.is_platform_admin)


JobTitle = Annotated[str, msgspec.Meta(max_length=100)]
Phone = Annotated[str, msgspec.Meta(max_length=32)]


class AccountUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Fields of an account an administrator may change; omitted fields stay as they are."""

    display_name: DisplayName | msgspec.UnsetType = msgspec.UNSET
    job_title: JobTitle | msgspec.UnsetType = msgspec.UNSET
    phone: Phone | None | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class PasswordReset(msgspec.Struct, forbid_unknown_fields=True):
    """A new password chosen by an administrator; by default the user must change it at login."""

    password: Password
    must_change_password: bool = True


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True):
    """The caller's own password change."""

    current_password: Annotated[str, msgspec.Meta(max_length=256)]
    new_password: Password


class AccountRead(msgspec.Struct):
    """An account as administrators see it (phone masked)."""

    id: int
    username: str
    display_name: str
    job_title: str
    phone: str
    is_active: bool
    must_change_password: bool


class AccountPage(msgspec.Struct):
    """One page of accounts."""

    items: list[AccountRead]
    total: int
    offset: int
    limit: int


def account_read(user) -> AccountRead:
    """Serialise a User for administrators, masking the phone."""
    from core.privacy.masking import mask_phone

    return AccountRead(user.id, user.username, user.display_name, user.job_title,
                       mask_phone(user.phone), user.is_active, user.must_change_password)
