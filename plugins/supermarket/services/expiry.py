"""Points expiry: points expire ``points_expire_months`` after they were credited (module
config, default 12; 0 keeps them for ever), first in, first out.

FIFO in one figure: whatever a person gave up (spent, or already expired) came out of their
oldest points first, so of the points credited before the cutoff what is still unspent is
*credited before the cutoff − everything debited ever*, when positive. A transaction that was
reversed and its reversal cancel out and count on neither side (a reversed credit is not a
lot; a reversed spend gave nothing). Each run posts one ``expired`` transaction per person
with a positive figure, against the community's ``system:expiry`` account, under the
person's row lock; the expired points are then debits themselves, so a second run — or a
concurrent one, which waits for the lock and reads again — finds nothing to expire.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.errors import N_, Conflict
from core.localtime import local_today
from plugins.supermarket.models import Account, Entry, Txn
from plugins.supermarket.services._common import config_of, require_community
from plugins.supermarket.services.ledger import LedgerService
from plugins.supermarket.services.redemptions import local_start
from tenants.models import OrgUnit


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unspent_before(cutoff_at):
    """Points credited before ``cutoff_at`` less everything debited, over an account's entries."""
    old = func.sum(case(((Entry.amount > 0) & (Entry.at < cutoff_at), Entry.amount), else_=0))
    given = func.sum(case((Entry.amount < 0, -Entry.amount), else_=0))
    return old - given


async def refuse_if_expired(session: AsyncSession, org: OrgUnit, txn: Txn) -> None:
    """409 naming ``txn_id`` when ``txn`` credited points that are past their expiry age today.

    Those points are gone already (expired, or spent before they could): reversing the credit
    as well would take them from the person a second time.
    """
    months = int((await config_of(session, org))["points_expire_months"])
    if months <= 0:
        return
    cutoff_at = local_start(months_before(local_today(), months))
    at = txn.at if txn.at.tzinfo is not None else txn.at.replace(tzinfo=cutoff_at.tzinfo)
    if at < cutoff_at:
        raise Conflict(
            N_("cannot reverse transaction {txn}: its points have expired"),
            field="txn_id",
            params={"txn": txn.id},
        )


@dataclass
class ExpiryRun:
    """What one run expired: persons touched and points, and the first day still valid."""

    cutoff: date | None
    persons: int = 0
    points: int = 0

    def as_dict(self) -> dict:
        """JSON-ready (the job's result)."""
        return {
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            "persons": self.persons,
            "points": self.points,
        }


class ExpiryService:
    """Expires a community's points credited before the cutoff and still unspent."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _expirable(self, cutoff_at):
        """Per person account: (account id, person id, points credited before the cutoff and
        not yet given up), counting neither reversed transactions nor their reversals."""
        reversal = aliased(Txn)
        live = (
            Txn.reverses_id.is_(None)
            & ~select(reversal.id).where(reversal.reverses_id == Txn.id).exists()
        )
        return (
            select(Account.id, Account.person_id, unspent_before(cutoff_at))
            .select_from(Entry)
            .join(Txn, Txn.id == Entry.txn_id)
            .join(Account, Account.id == Entry.account_id)
            .where(live, Account.key.like("person:%"))
            .group_by(Account.id, Account.person_id)
        )

    async def run(self, org: OrgUnit, today: date) -> ExpiryRun:
        """Expire what is due at the community ``org`` on the local day ``today``."""
        require_community(org)
        months = int((await config_of(self.session, org))["points_expire_months"])
        if months <= 0:
            return ExpiryRun(cutoff=None)
        cutoff = months_before(today, months)
        cutoff_at = local_start(cutoff)
        found = await self.session.execute(
            self._expirable(cutoff_at)
            .where(Account.org_id == org.id)
            .having(unspent_before(cutoff_at) > 0)
            .order_by(Account.id)
        )
        ledger, done = LedgerService(self.session), ExpiryRun(cutoff=cutoff)
        for account_id, person_id, _seen in found.all():
            account = await ledger.person_account(org, person_id, lock=True)
            # Read again under the lock: a redemption may have spent them meanwhile, or a
            # concurrent run expired them.
            again = await self.session.execute(
                self._expirable(cutoff_at).where(Account.id == account_id)
            )
            row = again.first()
            points = int(row[2]) if row is not None else 0
            if points <= 0:
                continue
            await ledger.post(
                org,
                "expired",
                person_id,
                points,
                reason="points_expired",
                source="supermarket",
                ref=f"expiry:{person_id}:{cutoff.isoformat()}",
                person_account=account,
            )
            done.persons += 1
            done.points += points
        return done
