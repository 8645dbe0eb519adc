"""Request and response types of the party API (msgspec); people appear masked (``PersonRef``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec

from core.people import PersonRef, person_ref


Short = Annotated[str, msgspec.Meta(max_length=100)]
Text500 = Annotated[str, msgspec.Meta(max_length=500)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
LongText = Annotated[str, msgspec.Meta(max_length=5000)]
Hours = Annotated[float, msgspec.Meta(ge=0, le=24)]


class MemberCreate(msgspec.Struct, kw_only=True):
    """A report-in: the person (from the register), their unit and what they bring."""

    person_id: int
    unit_id: int
    position: Short = ""
    skills: Text500 = ""
    interests: Text500 = ""


class MemberUpdate(msgspec.Struct, kw_only=True):
    """Claim a service post (``post_id``; ``clear_post`` to give it up) and join or leave the team."""

    post_id: int | None = None
    clear_post: bool = False
    in_team: bool | None = None


class MemberRead(msgspec.Struct, kw_only=True):
    """A registration."""

    id: int
    person: PersonRef
    unit_id: int
    org_id: int
    position: str
    skills: str
    interests: str
    status: str
    reported_on: date
    post_id: int | None
    in_team: bool


def member_read(member, person) -> MemberRead:
    """The API shape of a member and its (masked) person."""
    return MemberRead(
        id=member.id,
        person=person_ref(person),
        unit_id=member.unit_id,
        org_id=member.org_id,
        position=member.position,
        skills=member.skills,
        interests=member.interests,
        status=member.status,
        reported_on=member.reported_on,
        post_id=member.post_id,
        in_team=member.in_team,
    )


class PostRead(msgspec.Struct, kw_only=True):
    """A service post."""

    id: int
    name: str
    position: int


class ServiceCreate(msgspec.Struct, kw_only=True):
    """A service item the community confirms."""

    member_id: int
    served_on: date
    title: Title
    hours: Hours = 0.0


class ServiceRead(msgspec.Struct, kw_only=True):
    """A ledger item."""

    id: int
    member_id: int
    year: int
    served_on: date
    title: str
    hours: float
    source: str
    ref: str
    reversed: bool


class QuotaRead(msgspec.Struct, kw_only=True):
    """A member's year against the quota."""

    member_id: int
    items: int
    hours: float
    minimum: int
    target: int
    below_minimum: bool


class ConsultationCreate(msgspec.Struct, kw_only=True):
    """A consultation on a major affair."""

    title: Title
    body: LongText = ""
    due_on: date | None = None


class ResponseCreate(msgspec.Struct, kw_only=True):
    """A member's answer."""

    member_id: int
    response: Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]


class ConductCreate(msgspec.Struct, kw_only=True):
    """Conduct outside work."""

    member_id: int
    occurred_on: date
    kind: str
    note: LongText = ""


class RepresentativeCreate(msgspec.Struct, kw_only=True):
    """An account named representative for a year."""

    user_id: int
    kind: str
    year: int | None = None


class BallotCreate(msgspec.Struct, kw_only=True):
    """The caller's rating of a member."""

    member_id: int
    grade: str
    year: int | None = None


class OutstandingCreate(msgspec.Struct, kw_only=True):
    """Name a member outstanding."""

    member_id: int
    year: int | None = None


class FeedbackGenerate(msgspec.Struct, kw_only=True):
    """Build the forms of a year."""

    year: int | None = None


class FeedbackRead(msgspec.Struct, kw_only=True):
    """A feedback form with its delivery record."""

    id: int
    member_id: int
    unit_id: int
    year: int
    content: dict[str, Any]
    sent_at: str | None
    delivered_at: str | None
    acknowledged_at: str | None


def feedback_read(form) -> FeedbackRead:
    """The API shape of a form."""
    iso = lambda v: v.isoformat() if v else None  # noqa: E731
    return FeedbackRead(
        id=form.id,
        member_id=form.member_id,
        unit_id=form.unit_id,
        year=form.year,
        content=form.content,
        sent_at=iso(form.sent_at),
        delivered_at=iso(form.delivered_at),
        acknowledged_at=iso(form.acknowledged_at),
    )


class ClearanceCreate(msgspec.Struct, kw_only=True):
    """A unit's question before a promotion or award."""

    member_id: int
    kind: str
    year: int | None = None
    note: Text500 = ""


class ClearanceAnswer(msgspec.Struct, kw_only=True):
    """The community's answer."""

    cleared: bool
    answer: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class ClearanceRead(msgspec.Struct, kw_only=True):
    """A question and its answer."""

    id: int
    member_id: int
    unit_id: int
    kind: str
    year: int
    note: str
    asked_on: date
    due_on: date
    due_provisional: bool
    status: str
    answer: str


def clearance_read(row) -> ClearanceRead:
    """The API shape of a clearance."""
    return ClearanceRead(
        id=row.id,
        member_id=row.member_id,
        unit_id=row.unit_id,
        kind=row.kind,
        year=row.year,
        note=row.note,
        asked_on=row.asked_on,
        due_on=row.due_on,
        due_provisional=row.due_provisional,
        status=row.status,
        answer=row.answer,
    )
