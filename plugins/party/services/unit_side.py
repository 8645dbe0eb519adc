"""What a unit's account sees and does: its own members, in every community where the module is on.

Every read leaves the tenant scope only through ``UnitAccess.across_communities`` and filters
on the unit's id (``access.only``), directly or through the member row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.db import utcnow
from core.errors import N_, Invalid, NotFound
from core.partners import UnitAccess
from core.people.models import Person
from core.plugins import get_plugin_manager
from plugins.party.models import (
    PartyClearance,
    PartyConduct,
    PartyFeedback,
    PartyMember,
    PartyReminder,
    PartyResponse,
    PartyService,
)
from plugins.party.services._common import PLUGIN, check_year, party_config
from plugins.party.services.clearances import ClearanceService
from plugins.party.services.evaluations import EvaluationService
from tenants.models import OrgUnit
from tenants.modules.services import ModuleService


class UnitPartyService:
    """The unit side of the party module, through one checked :class:`UnitAccess`."""

    def __init__(self, access: UnitAccess) -> None:
        self.access = access
        self.session = access.session
        self._on: dict[int, bool] = {}

    async def _module_on(self, org_id: int) -> bool:
        # A community that switched the module off shows nothing, to anyone.
        if org_id not in self._on:
            org = await self.session.get(OrgUnit, org_id)
            self._on[org_id] = org is not None and await ModuleService(
                self.session, get_plugin_manager()
            ).is_enabled(org, PLUGIN)
        return self._on[org_id]

    async def _visible(self, rows: list, org_of=lambda r: r.org_id) -> list:
        return [r for r in rows if await self._module_on(org_of(r))]

    async def members(self) -> list[tuple[PartyMember, Person]]:
        """Confirmed registrations of the unit's members."""
        async with self.access.across_communities("the unit's confirmed party members") as s:
            rows = (
                await s.execute(
                    select(PartyMember, Person)
                    .join(Person, Person.id == PartyMember.person_id)
                    .where(self.access.only(PartyMember.unit_id), PartyMember.status == "confirmed")
                    .order_by(PartyMember.id)
                )
            ).all()
        return await self._visible([tuple(r) for r in rows], lambda r: r[0].org_id)

    async def member(self, member_id: int) -> tuple[PartyMember, Person]:
        """One of the unit's members, or 404 naming ``member_id``."""
        for member, person in await self.members():
            if member.id == member_id:
                return member, person
        raise NotFound(
            N_("member {member} not found here"), field="member_id", params={"member": member_id}
        )

    async def record(self, member_id: int, year: int | None) -> dict[str, Any]:
        """A member's year: ledger, evaluation result, consultations answered, conduct counts."""
        member, _person = await self.member(member_id)
        year = check_year(year)
        async with self.access.across_communities(
            "the ledger and evaluation of one of the unit's members"
        ) as s:
            linked = select(PartyMember.id).where(
                self.access.only(PartyMember.unit_id), PartyMember.id == member.id
            )
            items = (
                await s.scalars(
                    select(PartyService)
                    .where(PartyService.member_id.in_(linked), PartyService.year == year)
                    .order_by(PartyService.served_on)
                )
            ).all()
            conduct = (
                await s.scalars(select(PartyConduct).where(PartyConduct.member_id.in_(linked)))
            ).all()
            answered = (
                await s.scalars(select(PartyResponse.id).where(PartyResponse.member_id.in_(linked)))
            ).all()
            tally = (await EvaluationService(s).tally(year, [member.id])).get(member.id)
        return {
            "member_id": member.id,
            "year": year,
            "services": [
                {
                    "served_on": i.served_on.isoformat(),
                    "title": i.title,
                    "hours": i.hours,
                    "source": i.source,
                }
                for i in items
                if not i.reversed
            ],
            "evaluation": {
                "result": tally.result if tally else None,
                "ballots": tally.ballots if tally else 0,
                "outstanding": bool(tally and tally.outstanding),
            },
            "consultations_answered": len(answered),
            "conduct": {
                "praise": sum(c.kind == "praise" and c.occurred_on.year == year for c in conduct),
                "concern": sum(c.kind == "concern" and c.occurred_on.year == year for c in conduct),
            },
        }

    async def inbox(self) -> list[PartyFeedback]:
        """Feedback forms sent to the unit."""
        async with self.access.across_communities("feedback forms sent to the unit") as s:
            rows = (
                await s.scalars(
                    select(PartyFeedback)
                    .where(
                        self.access.only(PartyFeedback.unit_id), PartyFeedback.sent_at.is_not(None)
                    )
                    .order_by(PartyFeedback.id.desc())
                )
            ).all()
        return await self._visible(list(rows))

    async def open_form(self, form_id: int) -> PartyFeedback:
        """One form of the inbox; the first opening records its delivery."""
        async with self.access.across_communities("one feedback form sent to the unit") as s:
            form = await s.scalar(
                select(PartyFeedback).where(
                    self.access.only(PartyFeedback.unit_id),
                    PartyFeedback.id == form_id,
                    PartyFeedback.sent_at.is_not(None),
                )
            )
            if (
                form is not None
                and form.delivered_at is None
                and await self._module_on(form.org_id)
            ):
                form.delivered_at = utcnow()
                await s.flush()
        if form is None or not await self._module_on(form.org_id):
            raise NotFound(
                N_("feedback form {form} not found here"),
                field="feedback_id",
                params={"form": form_id},
            )
        return form

    async def acknowledge(self, form_id: int, user_id: int) -> PartyFeedback:
        """The unit acknowledges a form (once; later calls change nothing)."""
        await self.open_form(form_id)
        async with self.access.across_communities("the unit acknowledges its feedback form") as s:
            form = await s.scalar(
                select(PartyFeedback).where(
                    self.access.only(PartyFeedback.unit_id), PartyFeedback.id == form_id
                )
            )
            if form.acknowledged_at is None:
                form.acknowledged_at, form.acknowledged_by = utcnow(), user_id
                await s.flush()
        return form

    async def clearances(self) -> list[PartyClearance]:
        """The unit's questions before promotions and awards."""
        async with self.access.across_communities("the unit's clearance questions") as s:
            rows = (
                await s.scalars(
                    select(PartyClearance)
                    .where(self.access.only(PartyClearance.unit_id))
                    .order_by(PartyClearance.id.desc())
                )
            ).all()
        return await self._visible(list(rows))

    async def ask(
        self, *, member_id: int, kind: str, year: int | None, note: str, user_id: int
    ) -> PartyClearance:
        """Ask the member's community whether they may be promoted or rewarded."""
        member, _ = await self.member(member_id)
        if len(note) > 500:
            raise Invalid(
                N_("{field} is longer than {limit} characters"), field="note", params={"limit": 500}
            )
        year = check_year(year)
        org = await self.session.get(OrgUnit, member.org_id)
        config = await party_config(self.session, org)
        async with self.access.across_communities(
            "the unit asks its member's community before an award"
        ) as s:
            row = ClearanceService(s).new(
                member,
                unit_id=self.access.unit_id,
                kind=kind,
                year=year,
                note=note,
                user_id=user_id,
                days=config["clearance_days"],
            )
            await s.flush()
        return row

    async def reminders(self) -> list[PartyReminder]:
        """Reminders about the unit's members below the yearly minimum."""
        async with self.access.across_communities("quota reminders about the unit's members") as s:
            rows = (
                await s.scalars(
                    select(PartyReminder)
                    .where(self.access.only(PartyReminder.unit_id))
                    .order_by(PartyReminder.id.desc())
                )
            ).all()
        return await self._visible(list(rows))
