"""Request and response types of the org routes."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Level = Literal["city", "street", "community", "grid"]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_-]+$")]


class OrgCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A new node: a city has no parent; every other level needs one."""

    level: Level
    name: Name
    code: Code
    parent_id: int | None = None


class OrgUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Rename a node and/or move it under another parent of the same level."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    parent_id: int | msgspec.UnsetType = msgspec.UNSET


class OrgRead(msgspec.Struct):
    """One node."""

    id: int
    parent_id: int | None
    level: str
    name: str
    code: str
    path: str


class OrgTreeNode(msgspec.Struct):
    """A node with its descendants."""

    id: int
    parent_id: int | None
    level: str
    name: str
    code: str
    path: str
    children: list[OrgTreeNode] = []


def org_read(org) -> OrgRead:
    """Serialise an OrgUnit."""
    return OrgRead(org.id, org.parent_id, org.level, org.name, org.code, org.path)
