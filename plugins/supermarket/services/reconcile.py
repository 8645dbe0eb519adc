"""Monthly reconciliation and statistics: stock and points must add up, always.

Stock: opening + received − issued − written off ± adjusted = closing, the item counters
equal the sum of their moves, and the issued pieces equal the receipts. Points: opening
balances + earned + awarded = spent + expired + closing balances, every transaction's
entries sum to zero, and no person's balance is below zero.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from plugins.supermarket.models import (
    Account,
    Donation,
    Entry,
    Item,
    Redemption,
    ServiceRequest,
    StockMove,
    Txn,
    Wish,
)
from plugins.supermarket.services.redemptions import local_start
from tenants.models import OrgUnit


def month_bounds(month: str | None, today: date) -> tuple[date, date]:
    """First and last day of ``YYYY-MM`` (the current month when None); ValueError if malformed."""
    if month:
        year, _, mon = month.partition("-")
        first = date(int(year), int(mon), 1)
    else:
        first = today.replace(day=1)
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, nxt - timedelta(days=1)


@dataclass
class Reconciliation:
    """The figures of one period and whether they balance."""

    start: date
    end: date
    stock: dict[str, int]
    points: dict[str, int]
    checks: dict[str, bool]
    balanced: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out = asdict(self)
        out["start"], out["end"] = self.start.isoformat(), self.end.isoformat()
        return out


class ReconciliationService:
    """Reconciles stock and points over the scope (a community, or a street's communities)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def stock(self, lo, hi) -> tuple[dict[str, int], dict[str, bool]]:
        """Stock figures of [lo, hi) and the stock checks, in two statements."""
        period = case((StockMove.at < lo, "opening"), else_="period")
        rows = await self.session.execute(
            select(period, StockMove.kind, func.sum(StockMove.quantity))
            .where(StockMove.at < hi)
            .group_by(period, StockMove.kind)
        )
        sums: dict[tuple[str, str], int] = {(p, k): int(v) for p, k, v in rows.all()}
        opening = sum(v for (p, _), v in sums.items() if p == "opening")
        fig = {
            "opening_on_hand": opening,
            "received": sums.get(("period", "donation"), 0),
            "issued": -sums.get(("period", "issue"), 0),
            "written_off": -sums.get(("period", "write_off"), 0),
            "adjusted": sums.get(("period", "adjust"), 0),
        }
        fig["closing_on_hand"] = (
            opening + fig["received"] - fig["issued"] - fig["written_off"] + fig["adjusted"]
        )
        moved = (
            select(StockMove.item_id, func.sum(StockMove.quantity).label("total"))
            .group_by(StockMove.item_id)
            .subquery()
        )
        # The four cross-checks as scalar subqueries of one statement (one round trip).
        drift, on_hand, received, receipts = (
            await self.session.execute(
                select(
                    select(func.count(Item.id))
                    .outerjoin(moved, moved.c.item_id == Item.id)
                    .where(Item.on_hand != func.coalesce(moved.c.total, 0))
                    .scalar_subquery(),
                    select(func.coalesce(func.sum(Item.on_hand), 0)).scalar_subquery(),
                    select(func.coalesce(func.sum(Donation.quantity), 0))
                    .where(Donation.created_at >= lo, Donation.created_at < hi)
                    .scalar_subquery(),
                    select(func.coalesce(func.sum(Redemption.quantity), 0))
                    .where(Redemption.at >= lo, Redemption.at < hi)
                    .scalar_subquery(),
                )
            )
        ).one()
        fig["on_hand_now"] = int(on_hand)
        checks = {
            "stock_counters_match_moves": int(drift) == 0,
            "stock_received_matches_donations": int(received) == fig["received"],
            "stock_issued_matches_receipts": int(receipts) == fig["issued"],
            "stock_never_negative": fig["closing_on_hand"] >= 0,
        }
        return fig, checks

    async def points(self, lo, hi) -> tuple[dict[str, int], dict[str, bool]]:
        """Points figures of [lo, hi) and the points checks, in two statements.

        The first sums the entries per account (before and up to the period's end, by the
        entry's own time: no join to the transactions), joins the few thousand sums to their
        accounts and folds them into one row per system account plus one for all persons, in
        the database. The second finds the period's transactions whose entries do not sum to
        zero.
        """
        per_account = (
            select(
                Entry.account_id,
                func.sum(case((Entry.at < lo, Entry.amount), else_=0)).label("opening"),
                func.sum(Entry.amount).label("closing"),
            )
            .where(Entry.at < hi)
            .group_by(Entry.account_id)
            .subquery()
        )
        holder = case((Account.key.like("person:%"), "person"), else_=Account.key)
        rows = await self.session.execute(
            select(
                holder,
                func.sum(per_account.c.opening),
                func.sum(per_account.c.closing),
                func.sum(case((per_account.c.closing < 0, 1), else_=0)),
            )
            .select_from(per_account)
            .join(Account, Account.id == per_account.c.account_id)
            .group_by(holder)
        )
        totals = {key: (int(o), int(c), int(n)) for key, o, c, n in rows.all()}
        opening, closing, negative = totals.get("person", (0, 0, 0))

        def moved(key: str) -> int:
            """What a system account moved in the period."""
            before, after, _ = totals.get(f"system:{key}", (0, 0, 0))
            return after - before

        fig = {
            "opening_balances": opening,
            "earned": -moved("volunteer"),
            "awarded": -moved("award"),
            "spent": moved("goods"),
            "expired": moved("expiry"),
            "closing_balances": closing,
        }
        unbalanced = await self.session.execute(
            select(func.count()).select_from(
                select(Entry.txn_id)
                .where(Entry.at >= lo, Entry.at < hi)
                .group_by(Entry.txn_id)
                .having(func.sum(Entry.amount) != 0)
                .subquery()
            )
        )
        fig["unbalanced_transactions"] = int(unbalanced.scalar_one())
        fig["negative_balances"] = negative
        checks = {
            "points_add_up": fig["opening_balances"] + fig["earned"] + fig["awarded"]
            == fig["spent"] + fig["expired"] + fig["closing_balances"],
            "points_entries_sum_to_zero": fig["unbalanced_transactions"] == 0,
            "points_never_negative": fig["negative_balances"] == 0,
        }
        return fig, checks

    async def reconcile(self, start: date, end: date) -> Reconciliation:
        """Reconcile the local days ``start`` to ``end`` (inclusive)."""
        lo, hi = local_start(start), local_start(end + timedelta(days=1))
        stock, stock_checks = await self.stock(lo, hi)
        points, point_checks = await self.points(lo, hi)
        checks = {**stock_checks, **point_checks}
        return Reconciliation(start, end, stock, points, checks, all(checks.values()))


@dataclass
class Stats:
    """The figures of a subtree for a period, overall and per community."""

    start: date
    end: date
    totals: dict[str, int]
    by_category: dict[str, int] = field(default_factory=dict)
    by_org: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out = asdict(self)
        out["start"], out["end"] = self.start.isoformat(), self.end.isoformat()
        return out


class StatsService:
    """Donations, goods out, points and wishes of a subtree."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _by_org(self, stmt) -> dict[int, int]:
        return {org: int(v or 0) for org, v in (await self.session.execute(stmt)).all()}

    async def compute(self, org: OrgUnit, start: date, end: date) -> Stats:
        """The figures of ``org``'s subtree for the local days ``start`` to ``end``."""
        lo, hi = local_start(start), local_start(end + timedelta(days=1))
        per = {
            "donations": await self._by_org(
                select(Donation.org_id, func.count(Donation.id))
                .where(Donation.received_on >= start, Donation.received_on <= end)
                .group_by(Donation.org_id)
            ),
            "pieces_donated": await self._by_org(
                select(Donation.org_id, func.sum(Donation.quantity))
                .where(Donation.received_on >= start, Donation.received_on <= end)
                .group_by(Donation.org_id)
            ),
            "donated_value": await self._by_org(
                select(Donation.org_id, func.sum(Donation.estimated_value))
                .where(Donation.received_on >= start, Donation.received_on <= end)
                .group_by(Donation.org_id)
            ),
            "pieces_issued": await self._by_org(
                select(Redemption.org_id, func.sum(Redemption.quantity))
                .where(Redemption.at >= lo, Redemption.at < hi)
                .group_by(Redemption.org_id)
            ),
            "pieces_free": await self._by_org(
                select(Redemption.org_id, func.sum(Redemption.quantity))
                .where(Redemption.at >= lo, Redemption.at < hi, Redemption.free.is_(True))
                .group_by(Redemption.org_id)
            ),
            "people_served": await self._by_org(
                select(Redemption.org_id, func.count(func.distinct(Redemption.person_id)))
                .where(Redemption.at >= lo, Redemption.at < hi)
                .group_by(Redemption.org_id)
            ),
            "points_earned": await self._by_org(
                select(Txn.org_id, func.sum(Txn.points))
                .where(Txn.at >= lo, Txn.at < hi, Txn.kind.in_(("earned", "awarded")))
                .group_by(Txn.org_id)
            ),
            "points_spent": await self._by_org(
                select(Txn.org_id, func.sum(Txn.points))
                .where(Txn.at >= lo, Txn.at < hi, Txn.kind == "spent")
                .group_by(Txn.org_id)
            ),
            "wishes_fulfilled": await self._by_org(
                select(Wish.org_id, func.count(Wish.id))
                .where(Wish.fulfilled_on >= start, Wish.fulfilled_on <= end)
                .group_by(Wish.org_id)
            ),
            "services_done": await self._by_org(
                select(ServiceRequest.org_id, func.count(ServiceRequest.id))
                .where(ServiceRequest.completed_on >= start, ServiceRequest.completed_on <= end)
                .group_by(ServiceRequest.org_id)
            ),
        }
        totals = {key: sum(values.values()) for key, values in per.items()}
        totals["wishes_open"] = int(
            (
                await self.session.execute(
                    select(func.count(Wish.id)).where(Wish.status != "fulfilled")
                )
            ).scalar_one()
        )
        cats = await self.session.execute(
            select(Item.category, func.sum(Donation.quantity))
            .join(Item, Item.id == Donation.item_id)
            .where(Donation.received_on >= start, Donation.received_on <= end)
            .group_by(Item.category)
        )
        org_ids = sorted({o for values in per.values() for o in values})
        names = (
            dict(
                (
                    await self.session.execute(
                        select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(org_ids))
                    )
                ).all()
            )
            if org_ids
            else {}
        )
        by_org = [
            {"org_id": o, "name": names.get(o, str(o)), **{k: v.get(o, 0) for k, v in per.items()}}
            for o in org_ids
        ]
        return Stats(start, end, totals, {c: int(q) for c, q in cats.all()}, by_org)

    async def accounts(self) -> int:
        """People holding a points account in scope."""
        stmt = select(func.count(Account.id)).where(Account.key.like("person:%"))
        return int((await self.session.execute(stmt)).scalar_one())
