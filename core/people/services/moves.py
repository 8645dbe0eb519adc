"""Moves between grids and communities: the person's rows travel, the history stays."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from core.people.models import Person, PersonMove, PersonTag
from core.people.services._common import PERSON_LEVELS, community_path
from core.privacy.models import Consent
from tenants.models import OrgUnit
from tenants.scoping import unscoped


class MoveService:
    """Moves a person to another grid or community and lists their moves."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def move(
        self, person: Person, to: OrgUnit, moved_on: date, reason: str, actor_id: int | None
    ) -> PersonMove:
        """Move ``person`` to ``to`` (a grid or community the caller may write to, checked by the caller).

        The person's tags, consents and earlier moves go with them, so their new community
        sees the history; a household of the old community is left behind.
        """
        if to.level not in PERSON_LEVELS:
            raise Invalid(
                N_("{field}: people are registered at a community or a grid, not at a {level}"),
                field="to_org_id",
                params={"level": to.level},
            )
        if to.id == person.org_id:
            raise Invalid(N_("{field}: the person is already registered there"), field="to_org_id")
        source = await self.session.get(OrgUnit, person.org_id)
        leaves_community = community_path(source) != community_path(to)
        person_id, from_id = person.id, person.org_id
        async with unscoped(self.session, "a move writes the person's rows at their new org"):
            moved = await self.session.get(Person, person_id)
            moved.org_id = to.id
            if leaves_community:
                moved.household_id = None
            for model in (PersonTag, Consent, PersonMove):
                await self.session.execute(
                    update(model)
                    .where(model.person_id == person_id)
                    .values(org_id=to.id, org_path=to.path)
                    .execution_options(synchronize_session=False)
                )
            entry = PersonMove(
                org_id=to.id,
                person_id=person_id,
                from_org_id=from_id,
                to_org_id=to.id,
                moved_on=moved_on,
                reason=reason,
                moved_by=actor_id,
            )
            self.session.add(entry)
            await self.session.flush()
        return entry

    async def history(self, person_id: int) -> list[PersonMove]:
        """The person's moves, oldest first."""
        stmt = (
            select(PersonMove)
            .where(PersonMove.person_id == person_id)
            .order_by(PersonMove.moved_on, PersonMove.id)
        )
        return list((await self.session.execute(stmt)).scalars())
