"""The migrant children's home: named pick-up persons, custody sign-in/out and activities."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Forbidden, Invalid
from core.privacy import require_consent
from plugins.children.models import Activity, Attendance, Child, Custody, Pickup
from plugins.children.services._common import CUSTODY, get_in_scope, person_in_scope
from plugins.children.services.children import ChildService
from plugins.children.vocab import ACTIVITY_KINDS
from tenants.models import OrgUnit


class CustodyService:
    """24-hour custody: who dropped a child off, and sign-out only to the guardian or a named person."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _consented(self, child: Child) -> None:
        if child.status != "active":
            raise Conflict(
                N_("child {child} is archived"), field="child_id", params={"child": child.id}
            )
        await require_consent(self.session, await ChildService(self.session).person(child), CUSTODY)

    async def name_pickup(
        self, org: OrgUnit, child: Child, person_id: int, relation: str, user_id: int, on: date
    ) -> Pickup:
        """Record a person the guardian named to collect the child (needs a guardian on file)."""
        await self._consented(child)
        if child.guardian_person_id is None:
            raise Conflict(
                N_("child {child} has no guardian on file to name anyone"),
                field="child_id",
                params={"child": child.id},
            )
        if person_id == child.person_id:
            raise Invalid(N_("a child cannot collect themselves"), field="person_id")
        await person_in_scope(self.session, person_id, "person_id")
        found = (
            await self.session.execute(
                select(Pickup).where(Pickup.child_id == child.id, Pickup.person_id == person_id)
            )
        ).scalar_one_or_none()
        if found is not None:
            found.revoked_at, found.relation, found.named_on = None, relation, on
        else:
            found = Pickup(
                org_id=org.id,
                child_id=child.id,
                person_id=person_id,
                relation=relation,
                named_on=on,
                recorded_by=user_id,
            )
            self.session.add(found)
        await self.session.flush()
        return found

    async def revoke_pickup(self, pickup_id: int) -> Pickup:
        """The guardian withdrew a named person."""
        pickup = await get_in_scope(self.session, Pickup, pickup_id, "pickup_id")
        pickup.revoked_at = pickup.revoked_at or utcnow()
        await self.session.flush()
        return pickup

    async def pickups(self, child: Child) -> list[Pickup]:
        """The child's currently named pick-up persons."""
        rows = await self.session.execute(
            select(Pickup)
            .where(Pickup.child_id == child.id, Pickup.revoked_at.is_(None))
            .order_by(Pickup.id)
        )
        return list(rows.scalars())

    async def sign_in(
        self, org: OrgUnit, child: Child, dropped_by: int | None, user_id: int
    ) -> Custody:
        """Sign a child in (refused while the child is still signed in)."""
        await self._consented(child)
        if dropped_by is not None:
            await person_in_scope(self.session, dropped_by, "dropped_by_person_id")
        if await self.open_stay(child) is not None:
            raise Conflict(
                N_("child {child} is already signed in"),
                field="child_id",
                params={"child": child.id},
            )
        stay = Custody(
            org_id=org.id, child_id=child.id, dropped_by_person_id=dropped_by, signed_in_by=user_id
        )
        self.session.add(stay)
        await self.session.flush()
        return stay

    async def open_stay(self, child: Child) -> Custody | None:
        """The child's stay that has not been signed out, if any."""
        return (
            await self.session.execute(
                select(Custody).where(Custody.child_id == child.id, Custody.signed_out_at.is_(None))
            )
        ).scalar_one_or_none()

    async def sign_out(self, custody_id: int, collected_by: int, user_id: int) -> Custody:
        """Sign a child out to the guardian or a person the guardian named; refuse anyone else."""
        stay = await get_in_scope(self.session, Custody, custody_id, "custody_id")
        if stay.signed_out_at is not None:
            raise Conflict(
                N_("stay {stay} is already signed out"),
                field="custody_id",
                params={"stay": stay.id},
            )
        child = await ChildService(self.session).get(stay.child_id)
        allowed = {p.person_id for p in await self.pickups(child)}
        if child.guardian_person_id is not None:
            allowed.add(child.guardian_person_id)
        if collected_by not in allowed:
            raise Forbidden(
                N_(
                    "person {person} is neither the guardian nor a person the guardian named; the child stays"
                ),
                field="collected_by_person_id",
                params={"person": collected_by},
            )
        stay.signed_out_at, stay.collected_by_person_id, stay.signed_out_by = (
            utcnow(),
            collected_by,
            user_id,
        )
        await self.session.flush()
        return stay

    async def stays(self, start, end) -> list[tuple[Custody, Child]]:
        """Stays signed in between two instants (UTC), newest first."""
        rows = await self.session.execute(
            select(Custody, Child)
            .join(Child, Child.id == Custody.child_id)
            .where(Custody.signed_in_at >= start, Custody.signed_in_at < end)
            .order_by(Custody.signed_in_at.desc())
        )
        return [(s, c) for s, c in rows.all()]


class ActivityService:
    """Activities of the home and who attended them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, org: OrgUnit, *, kind: str, title: str, held_on: date, place: str = ""
    ) -> Activity:
        """Record an activity."""
        if kind not in ACTIVITY_KINDS:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="kind",
                params={"allowed": ", ".join(ACTIVITY_KINDS)},
            )
        activity = Activity(org_id=org.id, kind=kind, title=title, held_on=held_on, place=place)
        self.session.add(activity)
        await self.session.flush()
        return activity

    async def get(self, activity_id: int) -> Activity:
        """An activity of the scope, or NotFound."""
        return await get_in_scope(self.session, Activity, activity_id, "activity_id")

    async def listing(self, start: date, end: date) -> list[tuple[Activity, int]]:
        """Activities of a period with their attendance counts, newest first."""
        count = (
            select(func.count(Attendance.id))
            .where(Attendance.activity_id == Activity.id)
            .scalar_subquery()
        )
        rows = await self.session.execute(
            select(Activity, count)
            .where(Activity.held_on >= start, Activity.held_on <= end)
            .order_by(Activity.held_on.desc(), Activity.id.desc())
        )
        return [(a, int(n)) for a, n in rows.all()]

    async def attend(self, org: OrgUnit, activity: Activity, person_ids: list[int]) -> int:
        """Mark people present (children under custody consent; guardians at parenting classes)."""
        added = 0
        for i, person_id in enumerate(person_ids):
            person = await person_in_scope(self.session, person_id, f"person_ids[{i}]")
            child = (
                await self.session.execute(select(Child).where(Child.person_id == person.id))
            ).scalar_one_or_none()
            if child is not None:
                await require_consent(self.session, person, CUSTODY)
            elif activity.kind != "parenting":
                raise Invalid(
                    N_("person {person} is not a child of the home"),
                    field=f"person_ids[{i}]",
                    params={"person": person_id},
                )
            exists = await self.session.execute(
                select(Attendance.id).where(
                    Attendance.activity_id == activity.id, Attendance.person_id == person_id
                )
            )
            if exists.first() is None:
                self.session.add(
                    Attendance(org_id=org.id, activity_id=activity.id, person_id=person_id)
                )
                added += 1
        await self.session.flush()
        return added

    async def attendees(self, activity: Activity) -> list[int]:
        """Person ids present at an activity."""
        rows = await self.session.execute(
            select(Attendance.person_id)
            .where(Attendance.activity_id == activity.id)
            .order_by(Attendance.id)
        )
        return list(rows.scalars())
