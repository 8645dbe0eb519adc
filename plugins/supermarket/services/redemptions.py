"""Goods out: a redemption pays in points, or is free within a qualifying household's quota.

Locks are taken in one order — the person's account, the household's quota row, then the
item — so concurrent redemptions queue instead of deadlocking, and neither the last piece
nor the last point can be sold twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Invalid
from core.localtime import LOCAL_TZ, local_today
from core.people.models import Person
from plugins.supermarket.models import Item, Redemption
from plugins.supermarket.services._common import (
    config_of,
    get_in_scope,
    person_here,
    person_tags,
    require_community,
)
from plugins.supermarket.services.ledger import LedgerService
from plugins.supermarket.services.stock import StockService
from tenants.models import OrgUnit


@dataclass
class Quota:
    """A household's free allowance this month: whether it qualifies, used and left."""

    eligible: bool
    quota: int
    used: int

    @property
    def left(self) -> int:
        """Pieces still free this month."""
        return max(self.quota - self.used, 0) if self.eligible else 0


def local_start(day: date) -> datetime:
    """The first instant of a Beijing-time day, in UTC (storage is UTC everywhere)."""
    return datetime.combine(day, time.min, LOCAL_TZ).astimezone(UTC)


def month_start(day: date) -> datetime:
    """The first instant of ``day``'s month in Beijing time, in UTC."""
    return local_start(day.replace(day=1))


class RedemptionService:
    """The counter: balance, quota, and taking goods out."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _household_ids(self, person: Person) -> list[int]:
        if person.household_id is None:
            return [person.id]
        stmt = select(Person.id).where(Person.household_id == person.household_id)
        return list((await self.session.execute(stmt)).scalars()) or [person.id]

    async def quota(self, org: OrgUnit, person: Person, day: date | None = None) -> Quota:
        """The free allowance of the person's household (or of the person alone) this month."""
        config = await config_of(self.session, org)
        members = await self._household_ids(person)
        tags = await person_tags(self.session, members)
        eligible = any(set(config["free_tags"]) & t for t in tags.values())
        stmt = select(func.coalesce(func.sum(Redemption.quantity), 0)).where(
            Redemption.free.is_(True),
            Redemption.at >= month_start(day or local_today()),
        )
        if person.household_id is not None:
            stmt = stmt.where(Redemption.household_id == person.household_id)
        else:
            stmt = stmt.where(Redemption.person_id == person.id)
        used = int((await self.session.execute(stmt)).scalar_one())
        return Quota(eligible, int(config["free_quota_per_month"]), used)

    async def redeem(
        self,
        org: OrgUnit,
        *,
        person_id: int,
        item_id: int,
        quantity: int,
        free: bool = False,
        by_user_id: int | None = None,
    ) -> tuple[Redemption, int]:
        """Issue ``quantity`` of an item to a person; returns the receipt and the balance after.

        409 names the reason: not enough points, not enough stock, or over quota.
        """
        require_community(org)
        if quantity <= 0:
            raise Invalid(N_("{field} must be a positive number"), field="quantity")
        person = await person_here(self.session, person_id)
        await get_in_scope(self.session, Item, item_id, "item_id")
        ledger, stock = LedgerService(self.session), StockService(self.session)
        account = await ledger.person_account(org, person.id, lock=True)
        if free and person.household_id is not None:
            await ledger.account(org, f"household:{person.household_id}", lock=True)
        item = await stock.get_item(item_id, lock=True)
        cost = 0
        have = await ledger.balance_of(account.id)
        if free:
            if not item.free_eligible:
                raise Invalid(
                    N_("item {item} is not given free"), field="item_id", params={"item": item.id}
                )
            quota = await self.quota(org, person)
            if not quota.eligible:
                raise Conflict(N_("over quota: this household has no free allowance"), field="free")
            if quantity > quota.left:
                raise Conflict(
                    N_("over quota: {left} of {quota} free pieces left this month"),
                    field="quantity",
                    params={"left": quota.left, "quota": quota.quota},
                )
        else:
            cost = item.points * quantity
            if have < cost:
                raise Conflict(
                    N_("not enough points: {have} available, {need} needed"),
                    field="points",
                    params={"have": have, "need": cost},
                )
        if item.on_hand < quantity:
            raise Conflict(
                N_("not enough stock of item {item}: {have} on hand, {need} needed"),
                field="quantity",
                params={"item": item.id, "have": item.on_hand, "need": quantity},
            )
        redemption = Redemption(
            org_id=org.id,
            person_id=person.id,
            household_id=person.household_id,
            item_id=item.id,
            quantity=quantity,
            points=cost,
            free=free,
            by_user_id=by_user_id,
        )
        self.session.add(redemption)
        await self.session.flush()
        if cost:
            txn = await ledger.post(
                org,
                "spent",
                person.id,
                cost,
                reason="redemption",
                source="supermarket",
                ref=f"redemption:{redemption.id}",
                by_user_id=by_user_id,
                person_account=account,
                known_balance=have,
            )
            redemption.txn_id = txn.id
        await stock.move(
            item, "issue", -quantity, redemption_id=redemption.id, by_user_id=by_user_id
        )
        return redemption, have - cost

    async def get(self, redemption_id: int) -> Redemption:
        """A redemption (receipt) in scope."""
        return await get_in_scope(self.session, Redemption, redemption_id, "redemption_id")

    async def list(
        self, start: date | None = None, end: date | None = None, person_id: int | None = None
    ) -> list[Redemption]:
        """Redemptions in scope, newest first."""
        stmt = select(Redemption).order_by(Redemption.at.desc(), Redemption.id.desc())
        if start is not None:
            stmt = stmt.where(Redemption.at >= local_start(start))
        if end is not None:
            stmt = stmt.where(Redemption.at < local_start(end + timedelta(days=1)))
        if person_id is not None:
            stmt = stmt.where(Redemption.person_id == person_id)
        return list((await self.session.execute(stmt)).scalars())
