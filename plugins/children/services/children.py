"""Children of the home: registration, the parents' details under consent, leaving and erasure."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Forbidden, Invalid
from core.localtime import local_today
from core.people.models import Person
from core.privacy import age_on, require_consent
from plugins.children.access import Viewer
from plugins.children.models import Child, Contact, Pairing, Pickup
from plugins.children.services._common import CARE, get_in_scope, person_in_scope
from plugins.children.vocab import CATEGORIES, LEAVE_REASONS, PARENT_RELATIONS
from tenants.models import OrgUnit

NOTE_COLUMNS = ("emotional", "moral", "growth", "family", "thinking", "school_results", "behaviour")


class ChildService:
    """Register children, read them as the viewer may, archive and anonymise them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def register(
        self,
        org: OrgUnit,
        *,
        person_id: int,
        category: str,
        school: str = "",
        class_name: str = "",
        guardian_person_id: int | None = None,
        guardian_relation: str = "",
    ) -> Child:
        """Basic registration of a register person under 18 (no consent needed for this)."""
        if category not in CATEGORIES:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="category",
                params={"allowed": ", ".join(CATEGORIES)},
            )
        person = await person_in_scope(self.session, person_id, "person_id")
        age = age_on(person.birth_date, local_today())
        if age is None or age >= 18:
            raise Invalid(
                N_("person {person} is not a minor with a known birth date"),
                field="person_id",
                params={"person": person_id},
            )
        if guardian_person_id is not None:
            if guardian_person_id == person_id:
                raise Invalid(
                    N_("a child cannot be their own guardian"), field="guardian_person_id"
                )
            await person_in_scope(self.session, guardian_person_id, "guardian_person_id")
        existing = (
            await self.session.execute(
                select(Child.id).where(Child.org_id == org.id, Child.person_id == person_id)
            )
        ).scalar_one_or_none()
        if existing is not None:
            raise Conflict(
                N_("person {person} is already registered as child {child}"),
                field="person_id",
                params={"person": person_id, "child": existing},
            )
        child = Child(
            org_id=org.id,
            person_id=person_id,
            category=category,
            school=school,
            class_name=class_name,
            guardian_person_id=guardian_person_id,
            guardian_relation=guardian_relation,
        )
        self.session.add(child)
        await self.session.flush()
        return child

    async def get(self, child_id: int, field: str = "child_id") -> Child:
        """A child of the scope, or NotFound."""
        return await get_in_scope(self.session, Child, child_id, field)

    async def person(self, child: Child) -> Person:
        """The register person of a child."""
        return await get_in_scope(self.session, Person, child.person_id, "person_id")

    async def update(self, child: Child, **changes: Any) -> Child:
        """Change the basic registration (category, school, class, guardian)."""
        if child.status != "active":
            raise Conflict(
                N_("child {child} is archived"), field="child_id", params={"child": child.id}
            )
        if "category" in changes and changes["category"] not in CATEGORIES:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="category",
                params={"allowed": ", ".join(CATEGORIES)},
            )
        if changes.get("guardian_person_id") is not None:
            if changes["guardian_person_id"] == child.person_id:
                raise Invalid(
                    N_("a child cannot be their own guardian"), field="guardian_person_id"
                )
            await person_in_scope(self.session, changes["guardian_person_id"], "guardian_person_id")
        for key, value in changes.items():
            setattr(child, key, value)
        await self.session.flush()
        return child

    async def set_parents(self, child: Child, parents: list[dict[str, str]]) -> Child:
        """Store where the parents work and how to reach them: needs the guardian's consent."""
        for i, parent in enumerate(parents):
            if parent.get("relation") not in PARENT_RELATIONS:
                raise Invalid(
                    N_("{field} must be one of {allowed}"),
                    field=f"parents[{i}].relation",
                    params={"allowed": ", ".join(PARENT_RELATIONS)},
                )
        await require_consent(self.session, await self.person(child), CARE)
        child.parents = json.dumps(parents, ensure_ascii=False)
        await self.session.flush()
        return child

    async def listing(self, viewer: Viewer, status: str = "active") -> list[tuple[Child, Person]]:
        """The children the viewer may list: all of them for staff, their own for a helper."""
        stmt = (
            select(Child, Person)
            .join(Person, Person.id == Child.person_id)
            .where(Child.status == status)
            .order_by(Child.id)
        )
        if not viewer.staff:
            stmt = stmt.where(Child.id.in_(self._paired_ids(viewer.user_id)))
        return [(c, p) for c, p in (await self.session.execute(stmt)).all()]

    @staticmethod
    def _paired_ids(user_id: int):
        return select(Pairing.child_id).where(
            Pairing.helper_user_id == user_id, Pairing.ended_on.is_(None)
        )

    async def is_paired(self, child: Child, user_id: int) -> bool:
        """Whether ``user_id`` is one of the child's current helpers."""
        found = await self.session.execute(
            select(Pairing.id)
            .where(
                Pairing.child_id == child.id,
                Pairing.helper_user_id == user_id,
                Pairing.ended_on.is_(None),
            )
            .limit(1)
        )
        return found.first() is not None

    async def may_open(self, child: Child, viewer: Viewer) -> None:
        """Refuse (403) unless the viewer is a paired helper, the director or the secretary."""
        if viewer.officer or await self.is_paired(child, viewer.user_id):
            return
        raise Forbidden(
            N_(
                "only the child's paired helpers, the home's director and the community secretary open child {child}'s record"
            ),
            field="child_id",
            params={"child": child.id},
        )

    @staticmethod
    def parents_of(child: Child) -> list[dict[str, str]]:
        """The decrypted parents' details (empty when none are stored)."""
        return json.loads(child.parents) if child.parents else []

    async def archive(self, child: Child, reason: str, on: date | None = None) -> Child:
        """Archive a child who turned 18 or left the community; helpers' pairings end."""
        if reason not in LEAVE_REASONS:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="reason",
                params={"allowed": ", ".join(LEAVE_REASONS)},
            )
        if child.status != "active":
            raise Conflict(
                N_("child {child} is archived"), field="child_id", params={"child": child.id}
            )
        day = on or local_today()
        child.status, child.archived_on, child.leave_reason = "archived", day, reason
        pairings = await self.session.execute(
            select(Pairing).where(Pairing.child_id == child.id, Pairing.ended_on.is_(None))
        )
        for pairing in pairings.scalars():
            pairing.ended_on, pairing.overdue_since = day, None
        await self.session.flush()
        return child

    async def archive_adults(self, today: date) -> int:
        """Archive every active child who has turned 18 (the nightly job); returns how many."""
        rows = await self.session.execute(
            select(Child, Person)
            .join(Person, Person.id == Child.person_id)
            .where(Child.status == "active")
        )
        count = 0
        for child, person in rows.all():
            age = age_on(person.birth_date, today)
            if age is not None and age >= 18:
                await self.archive(child, "turned_18", today)
                count += 1
        return count

    async def expired(self, today: date, years: int) -> list[Child]:
        """Archived children whose retention period has run out."""
        limit = _years_before(today, years)
        rows = await self.session.execute(
            select(Child).where(Child.status == "archived", Child.archived_on <= limit)
        )
        return list(rows.scalars())

    async def anonymise_person(self, person_id: int) -> int:
        """Drop everything of this plugin that identifies the person (``person_erased``)."""
        children = list(
            (
                await self.session.execute(select(Child).where(Child.person_id == person_id))
            ).scalars()
        )
        now = utcnow()
        for child in children:
            child.parents = None
            child.school = child.class_name = child.guardian_relation = ""
            child.guardian_person_id = None
            child.status, child.anonymised_at = "anonymised", now
            contacts = await self.session.execute(
                select(Contact).where(Contact.child_id == child.id)
            )
            for contact in contacts.scalars():
                for column in NOTE_COLUMNS:
                    setattr(contact, column, None)
                contact.term = ""
        guarded = await self.session.execute(
            select(Child).where(Child.guardian_person_id == person_id)
        )
        for child in guarded.scalars():
            child.guardian_person_id, child.guardian_relation = None, ""
        pickups = await self.session.execute(select(Pickup).where(Pickup.person_id == person_id))
        for pickup in pickups.scalars():
            pickup.revoked_at = pickup.revoked_at or now
            pickup.relation = ""
        await self.session.flush()
        return len(children)


def _years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
