"""The community's registers: activities, the merchant register with its rounds, joint meetings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.paging import Page, paginate
from core.errors import N_, Conflict, Invalid
from plugins.patrol.models import Activity, JointMeeting, Merchant, MerchantVerification, Team
from plugins.patrol.services._common import get_in_scope, kept_by_community, require_community
from plugins.patrol.vocab import ACTIVITY_KINDS, VERIFICATION_RESULTS
from tenants.models import OrgUnit


class ActivityService:
    """Home visits, lectures, publicity, convenience services and legal consultations."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        org: OrgUnit,
        *,
        kind: str,
        held_on: date,
        title: str,
        participants: int,
        team_id: int | None = None,
        note: str = "",
    ) -> Activity:
        """Record an activity and how many people took part (person-times)."""
        require_community(org, "activities")
        if kind not in ACTIVITY_KINDS:
            raise Invalid(
                N_("{field} must be one of {expected}"),
                field="kind",
                params={"expected": ", ".join(ACTIVITY_KINDS)},
            )
        if participants < 0:
            raise Invalid(N_("participants cannot be negative"), field="participants")
        if team_id is not None:
            await kept_by_community(self.session, Team, team_id, org, "team_id")
        activity = Activity(
            org_id=org.id,
            kind=kind,
            held_on=held_on,
            title=title,
            participants=participants,
            team_id=team_id,
            note=note,
        )
        self.session.add(activity)
        await self.session.flush()
        return activity

    async def list(self, start: date | None = None, end: date | None = None) -> list[Activity]:
        """Activities in scope, newest first."""
        stmt = select(Activity).order_by(Activity.held_on.desc(), Activity.id.desc())
        if start is not None:
            stmt = stmt.where(Activity.held_on >= start)
        if end is not None:
            stmt = stmt.where(Activity.held_on <= end)
        return list((await self.session.execute(stmt)).scalars())

    async def page(self, number: int) -> Page:
        """One page of the activities in scope, newest first (the console's list)."""
        stmt = select(Activity).order_by(Activity.held_on.desc(), Activity.id.desc())
        return await paginate(self.session, stmt, number)


class MerchantService:
    """The merchant register (商户登记) and its verification rounds."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, org: OrgUnit, **fields) -> Merchant:
        """Register a shop at a community."""
        require_community(org, "merchants")
        if fields.get("employees", 0) < 0:
            raise Invalid(N_("employees cannot be negative"), field="employees")
        merchant = Merchant(org_id=org.id, **fields)
        self.session.add(merchant)
        await self.session.flush()
        return merchant

    async def get(self, merchant_id: int) -> Merchant:
        """A merchant in scope, or 404 naming ``merchant_id``."""
        return await get_in_scope(self.session, Merchant, merchant_id, "merchant_id")

    async def update(self, merchant_id: int, **changes) -> Merchant:
        """Correct a merchant's record."""
        merchant = await self.get(merchant_id)
        if changes.get("employees", 0) < 0:
            raise Invalid(N_("employees cannot be negative"), field="employees")
        for key, value in changes.items():
            setattr(merchant, key, value)
        await self.session.flush()
        return merchant

    async def list(self) -> list[Merchant]:
        """Merchants in scope, by door number."""
        stmt = select(Merchant).order_by(Merchant.door_number, Merchant.id)
        return list((await self.session.execute(stmt)).scalars())

    async def verify(
        self,
        merchant_id: int,
        *,
        round: int,
        verified_on: date,
        result: str,
        by_user_id: int | None,
        note: str = "",
    ) -> MerchantVerification:
        """Record one merchant's check in a numbered round; the register keeps the latest date."""
        merchant = await self.get(merchant_id)
        if result not in VERIFICATION_RESULTS:
            raise Invalid(
                N_("{field} must be one of {expected}"),
                field="result",
                params={"expected": ", ".join(VERIFICATION_RESULTS)},
            )
        if round < 1:
            raise Invalid(N_("round starts at 1"), field="round")
        done = await self.session.execute(
            select(MerchantVerification.id).where(
                MerchantVerification.merchant_id == merchant.id, MerchantVerification.round == round
            )
        )
        if done.first() is not None:
            raise Conflict(
                N_("merchant {merchant} is already verified in round {round}"),
                field="round",
                params={"merchant": merchant_id, "round": round},
            )
        check = MerchantVerification(
            org_id=merchant.org_id,
            merchant_id=merchant.id,
            round=round,
            verified_on=verified_on,
            result=result,
            by_user_id=by_user_id,
            note=note,
        )
        self.session.add(check)
        if merchant.last_verified_on is None or verified_on > merchant.last_verified_on:
            merchant.last_verified_on = verified_on
        await self.session.flush()
        return check

    async def page(self, number: int, q: str = "") -> Page:
        """One page of the register by door number; ``q`` matches door number or business name."""
        stmt = select(Merchant).order_by(Merchant.door_number, Merchant.id)
        if q:
            pattern = f"%{q}%"
            stmt = stmt.where(Merchant.door_number.like(pattern) | Merchant.business_name.like(pattern))
        return await paginate(self.session, stmt, number)

    async def rounds_of(self, merchant_ids: list[int]) -> dict[int, list[MerchantVerification]]:
        """The checks of several merchants in one statement, by merchant id and round."""
        found: dict[int, list[MerchantVerification]] = {mid: [] for mid in merchant_ids}
        if merchant_ids:
            stmt = (
                select(MerchantVerification)
                .where(MerchantVerification.merchant_id.in_(merchant_ids))
                .order_by(MerchantVerification.merchant_id, MerchantVerification.round)
            )
            for check in (await self.session.execute(stmt)).scalars():
                found[check.merchant_id].append(check)
        return found

    async def verifications(self, merchant_id: int) -> list[MerchantVerification]:
        """A merchant's checks, by round."""
        stmt = (
            select(MerchantVerification)
            .where(MerchantVerification.merchant_id == merchant_id)
            .order_by(MerchantVerification.round)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def round_progress(self, round: int) -> dict[str, int]:
        """How many merchants in scope a round has checked, of how many."""
        total = (await self.session.execute(select(func.count(Merchant.id)))).scalar_one()
        done = (
            await self.session.execute(
                select(func.count(MerchantVerification.id)).where(
                    MerchantVerification.round == round
                )
            )
        ).scalar_one()
        return {"round": round, "verified": done, "merchants": total}


class MeetingService:
    """Joint meetings with co-building units."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, org: OrgUnit, *, held_on: date, units: list[str], topics: str, decisions: str
    ) -> JointMeeting:
        """Record a joint meeting."""
        require_community(org, "joint meetings")
        if not units:
            raise Invalid(N_("name at least one unit present"), field="units")
        meeting = JointMeeting(
            org_id=org.id, held_on=held_on, units=list(units), topics=topics, decisions=decisions
        )
        self.session.add(meeting)
        await self.session.flush()
        return meeting

    async def list(self) -> list[JointMeeting]:
        """Meetings in scope, newest first."""
        stmt = select(JointMeeting).order_by(JointMeeting.held_on.desc(), JointMeeting.id.desc())
        return list((await self.session.execute(stmt)).scalars())
