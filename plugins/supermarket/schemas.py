"""Request and response types of the supermarket API (msgspec; unknown fields are refused)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import msgspec

from core.localtime import as_utc

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=5000)]
Points = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
Positive = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]


class _In(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies."""


class ItemCreate(_In):
    name: Name
    category: str
    quantity: Count = 0
    points: Points = 0
    condition: str = "good"
    free_eligible: bool = True
    estimated_value: Count = 0
    donor_kind: str = "anonymous"
    donor_person_id: int | None = None
    donor_unit_id: int | None = None


class ItemUpdate(_In):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    points: Points | msgspec.UnsetType = msgspec.UNSET
    free_eligible: bool | msgspec.UnsetType = msgspec.UNSET
    estimated_value: Count | msgspec.UnsetType = msgspec.UNSET


class DonationCreate(_In):
    item_id: int
    quantity: Positive
    donor_kind: str
    donor_person_id: int | None = None
    donor_unit_id: int | None = None
    condition: str = "good"
    estimated_value: Count = 0
    note: Text = ""
    received_on: date | None = None


class WriteOff(_In):
    quantity: Positive
    reason: str


class StockTake(_In):
    counted: Count
    reason: Annotated[str, msgspec.Meta(max_length=200)] = ""


class AwardCreate(_In):
    person_id: int
    points: Positive
    reason: Reason


class Decision(_In):
    approve: bool


class Reversal(_In):
    reason: Reason


class RedemptionCreate(_In):
    person_id: int
    item_id: int
    quantity: Positive
    free: bool = False


class SkillCreate(_In):
    provider_person_id: int
    title: Name
    description: Text = ""


class RequestCreate(_In):
    requester_person_id: int
    note: Text = ""


class RequestDone(_In):
    outcome: Text
    completed_on: date | None = None


class WishCreate(_In):
    person_id: int
    title: Name
    description: Text = ""
    source: Annotated[str, msgspec.Meta(max_length=32)] = ""


class WishClaim(_In):
    person_id: int | None = None
    unit_id: int | None = None


class WishFulfil(_In):
    note: Text
    fulfilled_on: date | None = None


def fields(data: msgspec.Struct) -> dict[str, Any]:
    """Every field of a body, for a service's keyword arguments."""
    return msgspec.structs.asdict(data)


def given(data: msgspec.Struct) -> dict[str, Any]:
    """Only the fields the caller sent (PATCH)."""
    return {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}


def dump(row: Any, *names: str) -> dict[str, Any]:
    """A model row as JSON-ready data: the named columns, datetimes in UTC."""
    out = {}
    for name in names:
        value = getattr(row, name)
        out[name] = as_utc(value) if isinstance(value, datetime) else value
    return out


ITEM = (
    "id",
    "org_id",
    "name",
    "category",
    "condition",
    "points",
    "free_eligible",
    "estimated_value",
    "on_hand",
)
DONATION = (
    "id",
    "org_id",
    "item_id",
    "donor_kind",
    "donor_person_id",
    "donor_unit_id",
    "quantity",
    "condition",
    "estimated_value",
    "note",
    "received_on",
)
MOVE = (
    "id",
    "item_id",
    "kind",
    "quantity",
    "donation_id",
    "redemption_id",
    "reason",
    "by_user_id",
    "at",
)
TXN = (
    "id",
    "org_id",
    "kind",
    "points",
    "person_id",
    "source",
    "ref",
    "reason",
    "hours",
    "reverses_id",
    "by_user_id",
    "approved_by_user_id",
    "at",
)
AWARD = (
    "id",
    "org_id",
    "person_id",
    "points",
    "reason",
    "status",
    "requested_by",
    "decided_by",
    "txn_id",
    "created_at",
    "decided_at",
)
REDEMPTION = (
    "id",
    "org_id",
    "person_id",
    "household_id",
    "item_id",
    "quantity",
    "points",
    "free",
    "txn_id",
    "by_user_id",
    "at",
)
SKILL = ("id", "org_id", "provider_person_id", "title", "description", "active")
REQUEST = (
    "id",
    "org_id",
    "service_id",
    "requester_person_id",
    "status",
    "note",
    "completed_on",
    "outcome",
)
WISH = (
    "id",
    "org_id",
    "person_id",
    "title",
    "description",
    "source",
    "status",
    "claimed_by_person_id",
    "claimed_by_unit_id",
    "claimed_on",
    "fulfilled_on",
    "fulfilment_note",
)
