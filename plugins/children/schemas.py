"""Request bodies of the children's API (msgspec; unknown fields refused) and response shapes.

Responses carry people only as :func:`core.people.person_ref` (masked name, age), except the
record of one child, which shows the full name to those who may open it (and is logged).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import msgspec

from core.localtime import as_utc
from core.people import person_ref

Short = Annotated[str, msgspec.Meta(max_length=100)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Note = Annotated[str, msgspec.Meta(max_length=5000)]
Reason = Annotated[str, msgspec.Meta(min_length=2, max_length=300)]
Id = Annotated[int, msgspec.Meta(ge=1, le=2_147_483_647)]


class _In(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies."""


class ChildCreate(_In):
    person_id: Id
    category: str
    school: Short = ""
    class_name: Annotated[str, msgspec.Meta(max_length=50)] = ""
    guardian_person_id: Id | None = None
    guardian_relation: Annotated[str, msgspec.Meta(max_length=32)] = ""


class ChildUpdate(_In):
    category: str | msgspec.UnsetType = msgspec.UNSET
    school: Short | msgspec.UnsetType = msgspec.UNSET
    class_name: Annotated[str, msgspec.Meta(max_length=50)] | msgspec.UnsetType = msgspec.UNSET
    guardian_person_id: Id | None | msgspec.UnsetType = msgspec.UNSET
    guardian_relation: Annotated[str, msgspec.Meta(max_length=32)] | msgspec.UnsetType = (
        msgspec.UNSET
    )


class Parent(_In):
    relation: str
    workplace: Short = ""
    contact: Annotated[str, msgspec.Meta(max_length=64)] = ""
    home_frequency: Short = ""


class ParentsSet(_In):
    parents: Annotated[list[Parent], msgspec.Meta(max_length=4)]


class ConsentCreate(_In):
    purpose: str
    guardian_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    relation: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    guardian_person_id: Id | None = None
    document: Annotated[str, msgspec.Meta(max_length=300)] = ""


class PairingCreate(_In):
    helper_user_id: Id
    helper_kind: str
    started_on: date | None = None


class PairingEnd(_In):
    ended_on: date | None = None


class ContactCreate(_In):
    contact_on: date
    mode: str
    term: Annotated[str, msgspec.Meta(max_length=20)] = ""
    emotional: Note = ""
    moral: Note = ""
    growth: Note = ""
    family: Note = ""
    thinking: Note = ""
    school_results: Note = ""
    behaviour: Note = ""


class ArchiveRequest(_In):
    reason: str
    on: date | None = None


class PickupCreate(_In):
    person_id: Id
    relation: Annotated[str, msgspec.Meta(max_length=32)] = ""


class SignIn(_In):
    child_id: Id
    dropped_by_person_id: Id | None = None


class SignOut(_In):
    collected_by_person_id: Id


class ActivityCreate(_In):
    kind: str
    title: Title
    held_on: date
    place: Annotated[str, msgspec.Meta(max_length=200)] = ""


class AttendanceAdd(_In):
    person_ids: Annotated[list[Id], msgspec.Meta(min_length=1, max_length=200)]


def given(data: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually set."""
    return {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}


def dump(row: Any, *names: str) -> dict[str, Any]:
    """A model row as JSON-ready data: the named columns, datetimes in UTC."""
    out = {}
    for name in names:
        value = getattr(row, name)
        out[name] = as_utc(value) if isinstance(value, datetime) else value
    return out


def ref(person) -> dict[str, Any] | None:
    """A person as lists show them: id, masked name, age (never an ID number)."""
    return msgspec.structs.asdict(person_ref(person)) if person is not None else None


CHILD = (
    "id",
    "org_id",
    "category",
    "school",
    "class_name",
    "status",
    "archived_on",
    "leave_reason",
)
PAIRING = (
    "id",
    "child_id",
    "helper_user_id",
    "helper_kind",
    "started_on",
    "ended_on",
    "last_contact_on",
    "overdue_since",
)
CONTACT = ("id", "child_id", "pairing_id", "helper_user_id", "contact_on", "mode", "term")
PICKUP = ("id", "child_id", "relation", "named_on")
CUSTODY = ("id", "child_id", "signed_in_at", "signed_out_at", "signed_in_by", "signed_out_by")
ACTIVITY = ("id", "org_id", "kind", "title", "held_on", "place")
REMINDER = ("id", "pairing_id", "user_id", "recipient", "overdue_since", "days", "created_at")
