"""The service ledger (台账) and the yearly quota; service heard from other modules, once per (source, ref)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from core.notify import Outbox
from core.partners.models import PartnerGrant
from core.people.models import Person
from core.privacy import mask_name
from plugins.party.models import PartyMember, PartyReminder, PartyService
from plugins.party.services._common import party_config
from plugins.party.services.members import MemberService
from tenants.models import OrgUnit
from tenants.scoping import unscoped

UNIT_ROLE = "unit_party_admin"
"""The unit role whose accounts hear about their members (the unit's party organisation)."""


@dataclass
class QuotaLine:
    """One member's year against the quota."""

    member_id: int
    items: int
    hours: float
    minimum: int
    target: int

    @property
    def below_minimum(self) -> bool:
        """Fewer items than the minimum."""
        return self.items < self.minimum


class LedgerService:
    """Service items of members, counted against the yearly quota."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self, member_id: int, *, served_on: date, title: str, hours: float, user_id: int
    ) -> PartyService:
        """An item the community confirms by hand (source ``party``)."""
        member = await MemberService(self.session).confirmed(member_id)
        if hours < 0 or hours > 24:
            raise Invalid(N_("{field} must be between 0 and 24"), field="hours")
        item = PartyService(
            org_id=member.org_id,
            member_id=member.id,
            year=served_on.year,
            served_on=served_on,
            title=title,
            hours=hours,
            source="party",
            ref=uuid.uuid4().hex,
            confirmed_by=user_id,
        )
        self.session.add(item)
        await self.session.flush()
        return item

    async def items(self, year: int, member_id: int | None = None) -> list[PartyService]:
        """Ledger items of a year in scope (reversed ones included, marked)."""
        stmt = select(PartyService).where(PartyService.year == year)
        if member_id is not None:
            stmt = stmt.where(PartyService.member_id == member_id)
        return list(
            (
                await self.session.scalars(stmt.order_by(PartyService.served_on, PartyService.id))
            ).all()
        )

    async def quota(self, org: OrgUnit, year: int) -> list[QuotaLine]:
        """Every confirmed member in scope with their items and hours of ``year``."""
        config = await party_config(self.session, org)
        counted = and_(
            PartyService.member_id == PartyMember.id,
            PartyService.year == year,
            PartyService.reversed.is_(False),
        )
        rows = await self.session.execute(
            select(
                PartyMember.id,
                func.count(PartyService.id),
                func.coalesce(func.sum(PartyService.hours), 0.0),
            )
            .outerjoin(PartyService, counted)
            .where(PartyMember.status == "confirmed")
            .group_by(PartyMember.id)
            .order_by(PartyMember.id)
        )
        return [
            QuotaLine(mid, n, round(float(h), 2), config["quota_min"], config["quota_target"])
            for mid, n, h in rows.all()
        ]

    async def heard(
        self,
        org: OrgUnit,
        *,
        hours: float,
        source: str,
        ref: str,
        person_id: int | None,
        user_id: int | None,
        served_on: date,
    ) -> PartyService | None:
        """Credit a service announced by another module to the member it names, once per (source, ref)."""
        async with unscoped(
            self.session, "party credits a service to the member wherever the emitter's scope is"
        ):
            # Filtered by hand: the member must live in the org's community (its path, or an
            # ancestor's, or a descendant's: a grid's check-in belongs to its community).
            if person_id is None and user_id is not None:
                person_id = await self.session.scalar(
                    select(Person.id).where(Person.user_id == user_id)
                )
            if person_id is None:
                return None
            member = await self.session.scalar(
                select(PartyMember).where(
                    PartyMember.person_id == person_id, PartyMember.status == "confirmed"
                )
            )
            if member is None or not (
                org.path.startswith(member.org_path) or member.org_path.startswith(org.path)
            ):
                return None
            existing = await self.session.scalar(
                select(PartyService).where(PartyService.source == source, PartyService.ref == ref)
            )
            if existing is not None:
                if existing.reversed:  # re-announced after a reversal: counts again
                    existing.reversed = False
                return existing
            item = PartyService(
                org_id=member.org_id,
                member_id=member.id,
                year=served_on.year,
                served_on=served_on,
                title=source,
                hours=round(float(hours), 2),
                source=source,
                ref=ref,
            )
            self.session.add(item)
            await self.session.flush()
            return item

    async def reversed(self, org: OrgUnit, *, source: str, ref: str) -> None:
        """Undo what a service announced earlier credited (once; unknown refs are ignored)."""
        async with unscoped(self.session, "party reverses a credited service by its (source, ref)"):
            item = await self.session.scalar(
                select(PartyService).where(PartyService.source == source, PartyService.ref == ref)
            )
            if item is not None and (
                org.path.startswith(item.org_path) or item.org_path.startswith(org.path)
            ):
                item.reversed = True
                await self.session.flush()

    async def remind(self, org: OrgUnit, today: date) -> int:
        """From the configured month, record one reminder a month per member below the minimum."""
        config = await party_config(self.session, org)
        if today.month < config["remind_from_month"]:
            return 0
        have = set(
            (
                await self.session.execute(
                    select(PartyReminder.member_id).where(
                        PartyReminder.year == today.year, PartyReminder.month == today.month
                    )
                )
            )
            .scalars()
            .all()
        )
        units = dict(
            (await self.session.execute(select(PartyMember.id, PartyMember.unit_id))).all()
        )
        made = 0
        for line in await self.quota(org, today.year):
            if line.below_minimum and line.member_id not in have:
                reminder = PartyReminder(
                    org_id=org.id,
                    member_id=line.member_id,
                    unit_id=units[line.member_id],
                    year=today.year,
                    month=today.month,
                    done=line.items,
                    minimum=line.minimum,
                )
                self.session.add(reminder)
                await self._tell(org, reminder)
                made += 1
        await self.session.flush()
        return made

    async def _tell(self, org: OrgUnit, reminder: PartyReminder) -> None:
        """The reminder reaches the member and the unit's party organisation (kernel outbox)."""
        member = await self.session.get(PartyMember, reminder.member_id)
        person = await self.session.get(Person, member.person_id) if member else None
        ref = f"member:{reminder.member_id}:{reminder.year}-{reminder.month:02d}"
        status = f"{reminder.year} 年已完成服务 {reminder.done} 项，全年最少应完成 {reminder.minimum} 项"
        outbox = Outbox(self.session)
        if person is not None:
            await outbox.enqueue(
                org, source="party", ref=ref, kind="quota_reminder", subject="在职党员服务提醒",
                body=f"您在{org.name}报到的党员服务：{status}。请到社区认领服务岗位。",
                recipient_person_id=person.id,
            )
        async with unscoped(self.session, "party tells a unit's accounts about their member (grants live at the unit's org)"):
            admins = (
                await self.session.scalars(
                    select(PartnerGrant.user_id).where(
                        PartnerGrant.unit_id == reminder.unit_id, PartnerGrant.role == UNIT_ROLE
                    )
                )
            ).all()
        who = mask_name(person.name) if person is not None else "—"
        for user_id in sorted(set(admins)):
            await outbox.enqueue(
                org, source="party", ref=ref, kind="quota_reminder:unit", subject="在职党员服务提醒",
                body=f"贵单位在职党员 {who}（在{org.name}报到）：{status}。",
                recipient_user_id=user_id,
            )

    async def reminders(self, year: int) -> list[PartyReminder]:
        """Reminders of a year in scope."""
        return list(
            (
                await self.session.scalars(
                    select(PartyReminder)
                    .where(PartyReminder.year == year)
                    .order_by(PartyReminder.id)
                )
            ).all()
        )


__all__ = ["LedgerService", "QuotaLine"]
