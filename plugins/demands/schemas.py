"""Request and response types of the pipeline's API (msgspec; unknown fields are refused)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import msgspec

from core.people import person_ref

Text = Annotated[str, msgspec.Meta(max_length=5000)]
Content = Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]
Short = Annotated[str, msgspec.Meta(max_length=200)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
Phone = Annotated[str, msgspec.Meta(max_length=32, pattern=r"^[0-9+\- ]*$")]
Kind = Literal["immediate", "promised", "missing_documents", "escalated", "referred"]
Rating = Literal["satisfied", "basically_satisfied", "dissatisfied"]


class _In(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies."""


class DemandCreate(_In):
    channel: Code
    category: Code
    content: Content
    received_on: date | None = None
    person_id: int | None = None
    contact_name: Short = ""
    contact_phone: Phone = ""
    grid_id: int | None = None


class Disposition(_In):
    kind: Kind
    working_days: Annotated[int, msgspec.Meta(ge=1, le=60)] | None = None
    handler_user_id: int | None = None
    documents_needed: Text = ""
    department: Short = ""
    explanation: Text = ""
    solution: Text = ""
    note: Text = ""


class Close(_In):
    solution: Text = ""
    closed_on: date | None = None


class RatingIn(_In):
    rating: Rating
    note: Text = ""


class Answer(_In):
    answer: Text = ""
    answered_on: date | None = None


class Forward(_In):
    note: Text = ""


class HandOff(_In):
    """Hand an escalated demand to a unit of the register (a partner organisation)."""

    unit_id: int
    working_days: Annotated[int, msgspec.Meta(ge=1, le=60)] | None = None
    note: Text = ""


class TopicCreate(_In):
    title: Short
    demand_ids: Annotated[list[int], msgspec.Meta(max_length=500)]


class TopicAdd(_In):
    demand_ids: Annotated[list[int], msgspec.Meta(min_length=1, max_length=500)]


class TopicAnswer(_In):
    answer: Text = ""


class DiaryCreate(_In):
    visited_on: date
    note: Content
    person_id: int | None = None


class DiaryToDemand(_In):
    category: Code
    content: Text = ""


class Disclosures(_In):
    procedures: Text | None = None
    basis: Text | None = None
    standards: Text | None = None
    time_limits: Text | None = None
    discipline: Text | None = None
    results: Text | None = None
    responsible: Text | None = None


DEMAND = (
    "id",
    "org_id",
    "tracking_code",
    "channel",
    "category",
    "content",
    "received_on",
    "grid_id",
    "status",
    "kind",
    "handler_user_id",
    "due_on",
    "due_provisional",
    "documents_needed",
    "documents_notice_on",
    "referred_to",
    "escalated_to_org_id",
    "escalated_on",
    "handed_to_unit_id",
    "handed_on",
    "handed_due_on",
    "handed_due_provisional",
    "answer",
    "answered_on",
    "answered_by_org_id",
    "answered_by_unit_id",
    "solution",
    "closed_on",
    "rating",
    "rated_on",
    "reopened",
    "topic_id",
    "person_id",
)
STEP = ("id", "action", "note", "by_user_id", "by_org_id", "at")
SUPERVISION = (
    "id",
    "demand_id",
    "org_id",
    "issued_on",
    "overdue_since",
    "new_due_on",
    "new_due_provisional",
    "responsible_user_id",
    "resolved_on",
)
PHOTO = ("id", "demand_id", "content_type", "size", "sha256", "uploaded_at")
TOPIC = ("id", "org_id", "title", "answer", "answered_on")
DIARY = ("id", "org_id", "officer_user_id", "visited_on", "person_id", "note", "demand_id")


def dump(row: Any, *fields: str) -> dict[str, Any]:
    """The named attributes of a row."""
    return {f: getattr(row, f) for f in fields}


UNIT_DEMAND = (
    "id",
    "tracking_code",
    "category",
    "content",
    "received_on",
    "status",
    "escalated_on",
    "handed_on",
    "handed_due_on",
    "handed_due_provisional",
    "answer",
    "answered_on",
    "answered_by_unit_id",
)


def unit_demand_out(demand: Any, person: Any, community: Any) -> dict[str, Any]:
    """A demand as a unit it was handed to sees it: the content, its community's name, the
    unit's deadline, and the resident only as a masked name (no id, no phone, no address)."""
    out = dump(demand, *UNIT_DEMAND)
    out["community"] = community.name
    out["resident"] = person_ref(person).name if person is not None else None
    return out


def demand_out(demand: Any, person: Any = None) -> dict[str, Any]:
    """A demand as the API shows it: the resident masked (``person_ref``)."""
    out = dump(demand, *DEMAND)
    out["person"] = msgspec.to_builtins(person_ref(person)) if person is not None else None
    return out
