"""The love supermarket's JSON API, mounted by core under /api/v1/orgs/{org_id:int}/supermarket.

Every handler enters the org first (404 unknown org, 403 no right, then the session is
scoped to the org's subtree) and hands the work to a service.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Response, get, patch, post

from core.context import RequestContext
from core.errors import N_, Invalid
from core.localtime import local_today
from core.people import person_ref
from plugins.supermarket import schemas as s
from plugins.supermarket.services import (
    AwardService,
    LedgerService,
    ReconciliationService,
    RedemptionService,
    SkillServices,
    StatsService,
    StockService,
    WishBoard,
    month_bounds,
    notice,
    refuse_if_expired,
    workbook,
)
from plugins.supermarket.services._common import get_in_scope, person_here
from plugins.supermarket.models import Txn

Row = dict[str, Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUBTREE = {"module_scope": "subtree"}


def month_of(month: str | None) -> tuple[date, date]:
    """The asked month (``YYYY-MM``), or this month; 400 naming ``month`` when malformed."""
    try:
        return month_bounds(month, local_today())
    except ValueError as exc:
        raise Invalid(N_("{field} must look like 2026-01"), field="month") from exc


def period(start: date | None, end: date | None) -> tuple[date, date]:
    """The asked period, defaulting to the current calendar year up to today."""
    end = end or local_today()
    start = start or end.replace(month=1, day=1)
    if end < start:
        raise Invalid(N_("{field} is before start"), field="end")
    return start, end


class StockController(Controller):
    """Items, donations, write-offs and stock-takes."""

    path = "/"
    tags = ["supermarket"]

    @get("/items", operation_id="ListSupermarketItems")
    async def list_items(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Items on the shelves of the subtree, with stock on hand."""
        await ctx.enter_org(org_id, "supermarket:item", "read")
        return [s.dump(i, *s.ITEM) for i in await StockService(ctx.session).items()]

    @post("/items", operation_id="CreateSupermarketItem")
    async def create_item(self, ctx: RequestContext, org_id: int, data: s.ItemCreate) -> Row:
        """A new kind of goods; an initial quantity is registered as a donation."""
        org = await ctx.enter_org(org_id, "supermarket:item", "create")
        item = await StockService(ctx.session).create_item(
            org, **s.fields(data), by_user_id=ctx.user.id
        )
        await ctx.audit(
            "supermarket.item.create",
            org,
            "supermarket:item",
            str(item.id),
            {"name": item.name, "quantity": data.quantity},
        )
        return s.dump(item, *s.ITEM)

    @patch("/items/{item_id:int}", operation_id="UpdateSupermarketItem")
    async def update_item(
        self, ctx: RequestContext, org_id: int, item_id: int, data: s.ItemUpdate
    ) -> Row:
        """Rename or reprice an item (stock only changes by moves)."""
        await ctx.enter_org(org_id, "supermarket:item", "update")
        item = await StockService(ctx.session).update_item(item_id, **s.given(data))
        return s.dump(item, *s.ITEM)

    @get("/items/{item_id:int}/moves", operation_id="ListSupermarketMoves")
    async def moves(self, ctx: RequestContext, org_id: int, item_id: int) -> list[Row]:
        """Every stock move of an item, oldest first."""
        await ctx.enter_org(org_id, "supermarket:item", "read")
        service = StockService(ctx.session)
        await service.get_item(item_id)
        return [s.dump(m, *s.MOVE) for m in await service.moves(item_id)]

    @post("/items/{item_id:int}/write-offs", operation_id="WriteOffSupermarketItem")
    async def write_off(
        self, ctx: RequestContext, org_id: int, item_id: int, data: s.WriteOff
    ) -> Row:
        """Take damaged or expired pieces off the shelves."""
        org = await ctx.enter_org(org_id, "supermarket:item", "update")
        move = await StockService(ctx.session).write_off(
            item_id, data.quantity, data.reason, ctx.user.id
        )
        await ctx.audit(
            "supermarket.item.write_off",
            org,
            "supermarket:item",
            str(item_id),
            {"quantity": data.quantity, "reason": data.reason},
        )
        return s.dump(move, *s.MOVE)

    @post("/items/{item_id:int}/stock-takes", operation_id="StockTakeSupermarketItem")
    async def stock_take(
        self, ctx: RequestContext, org_id: int, item_id: int, data: s.StockTake
    ) -> Row:
        """Record a count; a difference becomes an adjustment move."""
        org = await ctx.enter_org(org_id, "supermarket:item", "update")
        move = await StockService(ctx.session).stock_take(
            item_id, data.counted, data.reason, ctx.user.id
        )
        await ctx.audit(
            "supermarket.item.stock_take",
            org,
            "supermarket:item",
            str(item_id),
            {"counted": data.counted},
        )
        return {"adjusted": move is not None, "move": s.dump(move, *s.MOVE) if move else None}

    @get("/donations", operation_id="ListSupermarketDonations")
    async def list_donations(
        self, ctx: RequestContext, org_id: int, start: date | None = None, end: date | None = None
    ) -> list[Row]:
        """Donations of the subtree, newest first."""
        await ctx.enter_org(org_id, "supermarket:donation", "read")
        return [
            s.dump(d, *s.DONATION) for d in await StockService(ctx.session).donations(start, end)
        ]

    @post("/donations", operation_id="CreateSupermarketDonation")
    async def donate(self, ctx: RequestContext, org_id: int, data: s.DonationCreate) -> Row:
        """Register a donation of an item (by a person, a unit or anonymous)."""
        org = await ctx.enter_org(org_id, "supermarket:donation", "create")
        donation = await StockService(ctx.session).donate(
            org, **s.fields(data), by_user_id=ctx.user.id
        )
        return s.dump(donation, *s.DONATION)


class PointsController(Controller):
    """Accounts, the ledger, awards and redemptions."""

    path = "/"
    tags = ["supermarket"]

    @get("/accounts/{person_id:int}", operation_id="GetSupermarketAccount")
    async def account(self, ctx: RequestContext, org_id: int, person_id: int) -> Row:
        """A person's balance (the sum of their entries) and free allowance this month."""
        org = await ctx.enter_org(org_id, "supermarket:account", "read")
        person = await person_here(ctx.session, person_id)
        balance = await LedgerService(ctx.session).balance(org, person.id)
        quota = await RedemptionService(ctx.session).quota(org, person)
        return {
            "person": person_ref(person),
            "balance": balance,
            "free_allowance": {
                "eligible": quota.eligible,
                "quota": quota.quota,
                "used": quota.used,
                "left": quota.left,
            },
        }

    @get("/ledger", operation_id="ListSupermarketLedger")
    async def ledger(self, ctx: RequestContext, org_id: int, person_id: int) -> list[Row]:
        """A person's movements, newest first: where every point came from and went."""
        await ctx.enter_org(org_id, "supermarket:ledger", "read")
        await person_here(ctx.session, person_id)
        rows = await LedgerService(ctx.session).entries_of(person_id)
        return [{**s.dump(t, *s.TXN), "amount": amount} for t, amount in rows]

    @post("/ledger/{txn_id:int}/reverse", operation_id="ReverseSupermarketTxn")
    async def reverse(self, ctx: RequestContext, org_id: int, txn_id: int, data: s.Reversal) -> Row:
        """Correct a credit or an award by a reversing transaction."""
        org = await ctx.enter_org(org_id, "supermarket:ledger", "approve")
        txn = await get_in_scope(ctx.session, Txn, txn_id, "txn_id")
        if txn.kind not in ("earned", "awarded"):
            raise Invalid(N_("only credits and awards are reversed here ({field})"), field="txn_id")
        await refuse_if_expired(ctx.session, org, txn)
        mirror = await LedgerService(ctx.session).reverse(
            org, txn, reason=data.reason, by_user_id=ctx.user.id
        )
        await ctx.audit(
            "supermarket.ledger.reverse",
            org,
            "supermarket:ledger",
            str(txn.id),
            {"reason": data.reason, "points": txn.points},
        )
        return s.dump(mirror, *s.TXN)

    @get("/awards", operation_id="ListSupermarketAwards")
    async def list_awards(
        self, ctx: RequestContext, org_id: int, status: str | None = None
    ) -> list[Row]:
        """Awards of the subtree (``status=pending`` for those waiting)."""
        await ctx.enter_org(org_id, "supermarket:award", "read")
        return [s.dump(a, *s.AWARD) for a in await AwardService(ctx.session).list(status)]

    @post("/awards", operation_id="CreateSupermarketAward")
    async def award(self, ctx: RequestContext, org_id: int, data: s.AwardCreate) -> Row:
        """Award points; above the threshold the award waits for a second staff member."""
        org = await ctx.enter_org(org_id, "supermarket:award", "create")
        award = await AwardService(ctx.session).create(
            org,
            person_id=data.person_id,
            points=data.points,
            reason=data.reason,
            by_user_id=ctx.user.id,
        )
        await ctx.audit(
            "supermarket.award.create",
            org,
            "supermarket:award",
            str(award.id),
            {"points": award.points, "status": award.status},
        )
        return s.dump(award, *s.AWARD)

    @post("/awards/{award_id:int}/decision", operation_id="DecideSupermarketAward")
    async def decide(
        self, ctx: RequestContext, org_id: int, award_id: int, data: s.Decision
    ) -> Row:
        """Approve or reject a waiting award (not by the staff member who asked for it)."""
        org = await ctx.enter_org(org_id, "supermarket:award", "approve")
        award = await AwardService(ctx.session).decide(
            org, award_id, approve=data.approve, by_user_id=ctx.user.id
        )
        await ctx.audit(
            "supermarket.award.decide",
            org,
            "supermarket:award",
            str(award.id),
            {"status": award.status},
        )
        return s.dump(award, *s.AWARD)

    @post("/redemptions", operation_id="CreateSupermarketRedemption")
    async def redeem(self, ctx: RequestContext, org_id: int, data: s.RedemptionCreate) -> Row:
        """Issue goods for points or free within quota; 409 names the reason it cannot."""
        org = await ctx.enter_org(org_id, "supermarket:redemption", "create")
        redemption, balance = await RedemptionService(ctx.session).redeem(
            org, **s.fields(data), by_user_id=ctx.user.id
        )
        return {**s.dump(redemption, *s.REDEMPTION), "balance_after": balance}

    @get("/redemptions", operation_id="ListSupermarketRedemptions")
    async def redemptions(
        self,
        ctx: RequestContext,
        org_id: int,
        person_id: int | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Row]:
        """Goods out of the subtree, newest first."""
        await ctx.enter_org(org_id, "supermarket:redemption", "read")
        rows = await RedemptionService(ctx.session).list(start, end, person_id)
        return [s.dump(r, *s.REDEMPTION) for r in rows]

    @get("/redemptions/{redemption_id:int}", operation_id="GetSupermarketRedemption")
    async def receipt(self, ctx: RequestContext, org_id: int, redemption_id: int) -> Row:
        """One receipt."""
        await ctx.enter_org(org_id, "supermarket:redemption", "read")
        return s.dump(await RedemptionService(ctx.session).get(redemption_id), *s.REDEMPTION)


class CommunityController(Controller):
    """Skill services and the small-wish board."""

    path = "/"
    tags = ["supermarket"]

    @get("/services", operation_id="ListSupermarketServices")
    async def services(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Skills on offer in the subtree."""
        await ctx.enter_org(org_id, "supermarket:service", "read")
        return [s.dump(x, *s.SKILL) for x in await SkillServices(ctx.session).list()]

    @post("/services", operation_id="CreateSupermarketService")
    async def offer(self, ctx: RequestContext, org_id: int, data: s.SkillCreate) -> Row:
        """List a skill a party member or volunteer offers."""
        org = await ctx.enter_org(org_id, "supermarket:service", "create")
        return s.dump(await SkillServices(ctx.session).offer(org, **s.fields(data)), *s.SKILL)

    @post("/services/{service_id:int}/requests", operation_id="RequestSupermarketService")
    async def request_service(
        self, ctx: RequestContext, org_id: int, service_id: int, data: s.RequestCreate
    ) -> Row:
        """A resident asks for a skill service."""
        org = await ctx.enter_org(org_id, "supermarket:service", "create")
        req = await SkillServices(ctx.session).request(org, service_id, **s.fields(data))
        return s.dump(req, *s.REQUEST)

    @get("/requests", operation_id="ListSupermarketRequests")
    async def requests(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Service requests of the subtree, newest first."""
        await ctx.enter_org(org_id, "supermarket:service", "read")
        return [s.dump(r, *s.REQUEST) for r in await SkillServices(ctx.session).requests()]

    @post("/requests/{request_id:int}/done", operation_id="CompleteSupermarketRequest")
    async def complete(
        self, ctx: RequestContext, org_id: int, request_id: int, data: s.RequestDone
    ) -> Row:
        """Record that a service was done."""
        await ctx.enter_org(org_id, "supermarket:service", "update")
        req = await SkillServices(ctx.session).complete(request_id, **s.fields(data))
        return s.dump(req, *s.REQUEST)

    @get("/wishes", operation_id="ListSupermarketWishes")
    async def wishes(
        self, ctx: RequestContext, org_id: int, status: str | None = None
    ) -> list[Row]:
        """The wish board of the subtree."""
        await ctx.enter_org(org_id, "supermarket:wish", "read")
        return [s.dump(w, *s.WISH) for w in await WishBoard(ctx.session).list(status)]

    @post("/wishes", operation_id="CreateSupermarketWish")
    async def post_wish(self, ctx: RequestContext, org_id: int, data: s.WishCreate) -> Row:
        """Put a resident's wish on the board."""
        org = await ctx.enter_org(org_id, "supermarket:wish", "create")
        return s.dump(await WishBoard(ctx.session).post(org, **s.fields(data)), *s.WISH)

    @post("/wishes/{wish_id:int}/claim", operation_id="ClaimSupermarketWish")
    async def claim(self, ctx: RequestContext, org_id: int, wish_id: int, data: s.WishClaim) -> Row:
        """A person or a unit takes the wish up."""
        await ctx.enter_org(org_id, "supermarket:wish", "update")
        return s.dump(await WishBoard(ctx.session).claim(wish_id, **s.fields(data)), *s.WISH)

    @post("/wishes/{wish_id:int}/fulfil", operation_id="FulfilSupermarketWish")
    async def fulfil(
        self, ctx: RequestContext, org_id: int, wish_id: int, data: s.WishFulfil
    ) -> Row:
        """Record that the wish came true."""
        await ctx.enter_org(org_id, "supermarket:wish", "update")
        return s.dump(await WishBoard(ctx.session).fulfil(wish_id, **s.fields(data)), *s.WISH)


class OpennessController(Controller):
    """Reconciliation, the public notice, statistics and the workbook (subtree reads)."""

    path = "/"
    tags = ["supermarket"]

    @get("/reconciliation", operation_id="GetSupermarketReconciliation", opt=SUBTREE)
    async def reconciliation(
        self, ctx: RequestContext, org_id: int, month: str | None = None
    ) -> Row:
        """Stock and points of a month (``YYYY-MM``, default this one), and whether they balance."""
        await ctx.enter_org(org_id, "supermarket:reconciliation", "read")
        first, last = month_of(month)
        return (await ReconciliationService(ctx.session).reconcile(first, last)).as_dict()

    @get("/notice", operation_id="GetSupermarketNotice")
    async def public_notice(
        self, ctx: RequestContext, org_id: int, month: str | None = None
    ) -> Row:
        """The public notice (公示) of a month's donations and issues, names masked."""
        await ctx.enter_org(org_id, "supermarket:notice", "read")
        first, last = month_of(month)
        return await notice(ctx.session, first, last)

    @get("/stats", operation_id="GetSupermarketStats", opt=SUBTREE)
    async def stats(
        self, ctx: RequestContext, org_id: int, start: date | None = None, end: date | None = None
    ) -> Row:
        """The figures of the subtree for a period (this year by default), per community."""
        org = await ctx.enter_org(org_id, "supermarket:stats", "read")
        first, last = period(start, end)
        return (await StatsService(ctx.session).compute(org, first, last)).as_dict()

    @get("/export", operation_id="ExportSupermarket", opt=SUBTREE)
    async def export(
        self, ctx: RequestContext, org_id: int, month: str | None = None
    ) -> Response[bytes]:
        """The month's reconciliation, items, donations, issues and ledger as XLSX (masked)."""
        org = await ctx.enter_org(org_id, "supermarket:stats", "export")
        first, last = month_of(month)
        rec = await ReconciliationService(ctx.session).reconcile(first, last)
        await ctx.audit(
            "supermarket.export",
            org,
            "supermarket:stats",
            str(org.id),
            {"start": str(first), "end": str(last)},
        )
        name = f"supermarket-{org.id}-{first:%Y-%m}.xlsx"
        return Response(
            await workbook(ctx.session, org.name, first, last, rec),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


ROUTES = [StockController, PointsController, CommunityController, OpennessController]
