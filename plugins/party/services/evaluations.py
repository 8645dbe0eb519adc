"""The yearly evaluation (民主评议): representatives, one ballot per rater per member per year, the tally."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Forbidden
from core.users.services import UserService
from plugins.party.models import (
    GRADES,
    PartyBallot,
    PartyMember,
    PartyOutstanding,
    PartyRepresentative,
)
from plugins.party.services._common import check_choice, require_community
from plugins.party.services.members import MemberService
from tenants.models import OrgUnit

REPRESENTATIVE_KINDS = ("resident", "party_member")


@dataclass
class Tally:
    """One member's ballots of a year and the result (the most-voted grade; a tie goes to the lower)."""

    member_id: int
    counts: dict[str, int] = field(default_factory=dict)
    outstanding: bool = False

    @property
    def ballots(self) -> int:
        """How many ballots were cast."""
        return sum(self.counts.values())

    @property
    def result(self) -> str | None:
        """The grade of the year, None without ballots."""
        if not self.counts:
            return None
        best = max(self.counts.values())
        return [g for g in GRADES if self.counts.get(g) == best][-1]


class EvaluationService:
    """Representatives, ballots and the yearly result."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_representative(
        self, org: OrgUnit, *, year: int, kind: str, user_id: int
    ) -> PartyRepresentative:
        """Name an account a representative for ``year`` (idempotent)."""
        require_community(org)
        check_choice(kind, REPRESENTATIVE_KINDS, "kind")
        await UserService(self.session).get(user_id)
        existing = await self.session.scalar(
            select(PartyRepresentative).where(
                PartyRepresentative.org_id == org.id,
                PartyRepresentative.year == year,
                PartyRepresentative.user_id == user_id,
            )
        )
        if existing is not None:
            return existing
        rep = PartyRepresentative(org_id=org.id, year=year, kind=kind, user_id=user_id)
        self.session.add(rep)
        await self.session.flush()
        return rep

    async def representatives(self, year: int) -> list[PartyRepresentative]:
        """Representatives of a year in scope."""
        return list(
            (
                await self.session.scalars(
                    select(PartyRepresentative)
                    .where(PartyRepresentative.year == year)
                    .order_by(PartyRepresentative.id)
                )
            ).all()
        )

    async def vote(
        self, org: OrgUnit, *, year: int, member_id: int, grade: str, user_id: int
    ) -> PartyBallot:
        """The caller's ballot on a member: only representatives of that year, once per member."""
        check_choice(grade, GRADES, "grade")
        member = await MemberService(self.session).confirmed(member_id)
        rep = await self.session.scalar(
            select(PartyRepresentative).where(
                PartyRepresentative.org_id == member.org_id,
                PartyRepresentative.year == year,
                PartyRepresentative.user_id == user_id,
            )
        )
        if rep is None:
            raise Forbidden(
                N_("only residents' and party-member representatives of {year} may vote"),
                field="year",
                params={"year": year},
            )
        cast = await self.session.scalar(
            select(PartyBallot.id).where(
                PartyBallot.year == year,
                PartyBallot.member_id == member.id,
                PartyBallot.representative_id == rep.id,
            )
        )
        if cast is not None:
            raise Conflict(
                N_("you have already rated member {member} for {year}"),
                field="member_id",
                params={"member": member_id, "year": year},
            )
        # The unique constraint still holds the line against two requests at once (409 too).
        ballot = PartyBallot(
            org_id=member.org_id,
            year=year,
            member_id=member.id,
            representative_id=rep.id,
            grade=grade,
        )
        self.session.add(ballot)
        await self.session.flush()
        return ballot

    async def tally(self, year: int, member_ids: list[int] | None = None) -> dict[int, Tally]:
        """Ballots of ``year`` counted per member in scope (members without ballots included)."""
        members = select(PartyMember.id).where(PartyMember.status == "confirmed")
        if member_ids is not None:
            members = members.where(PartyMember.id.in_(member_ids))
        out = {mid: Tally(mid) for mid in (await self.session.scalars(members)).all()}
        rows = await self.session.execute(
            select(PartyBallot.member_id, PartyBallot.grade).where(
                PartyBallot.year == year, PartyBallot.member_id.in_(list(out))
            )
        )
        counts: dict[int, Counter] = {}
        for mid, grade in rows.all():
            counts.setdefault(mid, Counter())[grade] += 1
        for mid, c in counts.items():
            out[mid].counts = dict(c)
        named = (
            await self.session.scalars(
                select(PartyOutstanding.member_id).where(
                    PartyOutstanding.year == year, PartyOutstanding.member_id.in_(list(out))
                )
            )
        ).all()
        for mid in named:
            out[mid].outstanding = True
        return out

    async def name_outstanding(
        self, *, year: int, member_id: int, user_id: int
    ) -> PartyOutstanding:
        """Name a member outstanding for ``year``: only a member whose result is 优秀."""
        member = await MemberService(self.session).confirmed(member_id)
        tally = (await self.tally(year, [member.id]))[member.id]
        if tally.result != "excellent":
            raise Conflict(
                N_("member {member} was not rated excellent in {year}"),
                field="member_id",
                params={"member": member_id, "year": year},
            )
        existing = await self.session.scalar(
            select(PartyOutstanding).where(
                PartyOutstanding.year == year, PartyOutstanding.member_id == member.id
            )
        )
        if existing is not None:
            return existing
        row = PartyOutstanding(
            org_id=member.org_id, year=year, member_id=member.id, named_by=user_id
        )
        self.session.add(row)
        await self.session.flush()
        return row
