"""Request and response types of the partner-grant API."""

from __future__ import annotations

import msgspec


class PartnerGrantCreate(msgspec.Struct, kw_only=True):
    """Give an account a unit role: an existing ``user_id``, or a new account (username, password)."""

    unit_id: int
    role: str = "unit_party_admin"
    user_id: int | None = None
    username: str | None = None
    password: str | None = None
    display_name: str = ""


class PartnerGrantRead(msgspec.Struct, kw_only=True):
    """One unit grant."""

    id: int
    user_id: int
    username: str
    unit_id: int
    role: str
    org_id: int
