"""Request and response types of the patrol API (msgspec; unknown fields are refused)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any

import msgspec

from plugins.patrol.services._common import as_utc

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=5000)]
Short = Annotated[str, msgspec.Meta(max_length=200)]
Phone = Annotated[str, msgspec.Meta(min_length=3, max_length=32, pattern=r"^[0-9+\- ]+$")]
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]


class _In(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies."""


class TeamCreate(_In):
    colour: str
    name: Name
    description: Text = ""


class TeamUpdate(_In):
    name: Name | None = None
    description: Text | None = None


class MemberCreate(_In):
    """A member is a person of the register: ``person_id``, or a name (and phone) to register."""

    kind: str
    person_id: int | None = None
    name: Name | None = None
    phone: Phone | None = None
    user_id: int | None = None


class MemberUpdate(_In):
    """Name and phone are corrected in the register, not here."""

    kind: str | msgspec.UnsetType = msgspec.UNSET
    user_id: int | None | msgspec.UnsetType = msgspec.UNSET


class MembershipChange(_In):
    team_id: int
    on: date


class ShiftCreate(_In):
    team_id: int
    starts_at: datetime
    ends_at: datetime
    route: Text = ""
    grid_id: int | None = None


class ScheduleCreate(_In):
    team_id: int
    weekday: Annotated[int, msgspec.Meta(ge=0, le=6)]
    start_time: time
    end_time: time
    active_from: date
    active_until: date | None = None
    route: Text = ""
    grid_id: int | None = None


class RosterRequest(_In):
    start: date
    end: date


class CheckInCreate(_In):
    shift_id: int
    member_id: int
    at: datetime | None = None
    lat: float | None = None
    lon: float | None = None


class CheckOut(_In):
    at: datetime | None = None


class CheckOutCorrection(_In):
    at: datetime


class ActivityCreate(_In):
    kind: str
    held_on: date
    title: Title
    participants: Count
    team_id: int | None = None
    note: Text = ""


class ReportCreate(_In):
    category: str
    description: Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]
    occurred_at: datetime
    grid_id: int | None = None
    reporter_member_id: int | None = None
    location: Short = ""


class Transition(_In):
    to_status: str
    note: Text = ""


class MerchantCreate(_In):
    door_number: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    business_name: Title
    legal_person: Name
    address: Short = ""
    employees: Count = 0
    licence_no: Annotated[str, msgspec.Meta(max_length=64)] = ""


class MerchantUpdate(_In):
    door_number: Annotated[str, msgspec.Meta(min_length=1, max_length=50)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    business_name: Title | msgspec.UnsetType = msgspec.UNSET
    legal_person: Name | msgspec.UnsetType = msgspec.UNSET
    address: Short | msgspec.UnsetType = msgspec.UNSET
    employees: Count | msgspec.UnsetType = msgspec.UNSET
    licence_no: Annotated[str, msgspec.Meta(max_length=64)] | msgspec.UnsetType = msgspec.UNSET


class VerificationCreate(_In):
    round: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    verified_on: date
    result: str
    note: Text = ""


class MeetingCreate(_In):
    held_on: date
    units: Annotated[list[Name], msgspec.Meta(min_length=1, max_length=50)]
    topics: Text = ""
    decisions: Text = ""


def given(data: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually set."""
    return {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}


def fields(data: msgspec.Struct) -> dict[str, Any]:
    """Every field of a body, for a service's keyword arguments."""
    return msgspec.structs.asdict(data)


def dump(row: Any, *names: str) -> dict[str, Any]:
    """A model row as JSON-ready data: the named columns, datetimes in UTC."""
    out = {}
    for name in names:
        value = getattr(row, name)
        out[name] = as_utc(value) if isinstance(value, datetime) else value
    return out


TEAM = ("id", "org_id", "colour", "name", "description", "is_builtin")
MEMBER = ("id", "org_id", "person_id", "kind", "user_id")


def dump_member(member: Any) -> dict[str, Any]:
    """A member with their person's masked name and phone (set by the service)."""
    return {
        **dump(member, *MEMBER),
        "name": getattr(member, "display_name", ""),
        "phone": getattr(member, "display_phone", ""),
    }


MEMBERSHIP = ("id", "member_id", "team_id", "joined_on", "left_on")
SHIFT = ("id", "org_id", "team_id", "schedule_id", "starts_at", "ends_at", "route", "status")
SCHEDULE = (
    "id",
    "org_id",
    "team_id",
    "weekday",
    "start_time",
    "end_time",
    "route",
    "active_from",
    "active_until",
)
CHECKIN = (
    "id",
    "org_id",
    "shift_id",
    "member_id",
    "team_id",
    "checked_in_at",
    "checked_out_at",
    "minutes",
    "lat",
    "lon",
)
ACTIVITY = ("id", "org_id", "kind", "team_id", "held_on", "title", "participants", "note")
REPORT = (
    "id",
    "org_id",
    "category",
    "status",
    "reporter_member_id",
    "reported_by",
    "occurred_at",
    "location",
    "description",
)
STEP = ("id", "from_status", "to_status", "by_user_id", "at", "note")
PHOTO = ("id", "report_id", "content_type", "size", "sha256", "uploaded_at")
MERCHANT = (
    "id",
    "org_id",
    "door_number",
    "business_name",
    "legal_person",
    "address",
    "employees",
    "licence_no",
    "last_verified_on",
)
VERIFICATION = ("id", "merchant_id", "round", "verified_on", "by_user_id", "result", "note")
MEETING = ("id", "org_id", "held_on", "units", "topics", "decisions")
NOTIFICATION = ("id", "member_id", "user_id", "kind", "ref", "message", "created_at", "read_at")
