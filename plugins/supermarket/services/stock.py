"""Items, donations and stock moves: stock in = issued + written off + adjusted + on hand.

Stock changes only by appending a :class:`StockMove`; the item's ``on_hand`` counter moves
with it under the item's row lock, and reconciliation checks the two agree.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Invalid
from core.localtime import local_today
from core.people.models import Unit
from plugins.supermarket.models import Donation, Item, StockMove
from plugins.supermarket.services._common import get_in_scope, person_here, require_community
from plugins.supermarket.services.ledger import dialect
from plugins.supermarket.vocab import CATEGORIES, CONDITIONS, DONOR_KINDS, WRITE_OFF_REASONS
from tenants.models import OrgUnit


def _one_of(value: str, allowed: tuple[str, ...], field: str) -> None:
    if value not in allowed:
        raise Invalid(
            N_("{field} must be one of {expected}"),
            field=field,
            params={"expected": ", ".join(allowed)},
        )


class StockService:
    """What is on the shelves and every movement in and out."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create_item(
        self,
        org: OrgUnit,
        *,
        name: str,
        category: str,
        points: int,
        quantity: int = 0,
        condition: str = "good",
        free_eligible: bool = True,
        estimated_value: int = 0,
        by_user_id: int | None = None,
        donor_kind: str = "anonymous",
        donor_person_id: int | None = None,
        donor_unit_id: int | None = None,
    ) -> Item:
        """Put a new kind of goods on the shelves; an initial quantity is registered as a donation."""
        require_community(org)
        _one_of(category, CATEGORIES, "category")
        _one_of(condition, CONDITIONS, "condition")
        if points < 0:
            raise Invalid(N_("{field} cannot be negative"), field="points")
        if quantity < 0:
            raise Invalid(N_("{field} cannot be negative"), field="quantity")
        if estimated_value < 0:
            raise Invalid(N_("{field} cannot be negative"), field="estimated_value")
        item = Item(
            org_id=org.id,
            name=name,
            category=category,
            condition=condition,
            points=points,
            free_eligible=free_eligible,
            estimated_value=estimated_value,
            on_hand=0,
        )
        self.session.add(item)
        await self.session.flush()
        if quantity:
            await self.donate(
                org,
                item_id=item.id,
                quantity=quantity,
                condition=condition,
                estimated_value=estimated_value * quantity,
                donor_kind=donor_kind,
                donor_person_id=donor_person_id,
                donor_unit_id=donor_unit_id,
                by_user_id=by_user_id,
            )
        return item

    async def get_item(self, item_id: int, *, lock: bool = False) -> Item:
        """An item in scope (404 naming ``item_id``); ``lock`` takes its row lock."""
        if not lock:
            return await get_in_scope(self.session, Item, item_id, "item_id")
        if dialect(self.session) == "sqlite":
            # No row locks on SQLite: the first write takes the single writer lock.
            await self.session.execute(
                update(Item).where(Item.id == item_id).values(on_hand=Item.on_hand)
            )
        stmt = (
            select(Item)
            .where(Item.id == item_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        item = (await self.session.execute(stmt)).scalar_one_or_none()
        if item is None:
            await get_in_scope(self.session, Item, item_id, "item_id")  # raises NotFound
        return item

    async def update_item(self, item_id: int, **changes) -> Item:
        """Change an item's name, price or eligibility (never its stock: that takes a move)."""
        item = await self.get_item(item_id)
        if changes.get("points", 0) < 0:
            raise Invalid(N_("{field} cannot be negative"), field="points")
        for key, value in changes.items():
            setattr(item, key, value)
        await self.session.flush()
        return item

    async def items(self) -> list[Item]:
        """Items in scope, by category and name."""
        stmt = select(Item).order_by(Item.category, Item.name, Item.id)
        return list((await self.session.execute(stmt)).scalars())

    async def move(
        self,
        item: Item,
        kind: str,
        quantity: int,
        *,
        reason: str = "",
        by_user_id: int | None = None,
        donation_id: int | None = None,
        redemption_id: int | None = None,
    ) -> StockMove:
        """Append a move to a locked item and move its counter; never below zero (409)."""
        if quantity == 0:
            raise Invalid(N_("{field} cannot be zero"), field="quantity")
        if item.on_hand + quantity < 0:
            raise Conflict(
                N_("not enough stock of item {item}: {have} on hand, {need} needed"),
                field="quantity",
                params={"item": item.id, "have": item.on_hand, "need": -quantity},
            )
        item.on_hand += quantity
        move = StockMove(
            org_id=item.org_id,
            item_id=item.id,
            kind=kind,
            quantity=quantity,
            reason=reason,
            by_user_id=by_user_id,
            donation_id=donation_id,
            redemption_id=redemption_id,
        )
        self.session.add(move)
        await self.session.flush()
        return move

    async def donate(
        self,
        org: OrgUnit,
        *,
        item_id: int,
        quantity: int,
        donor_kind: str,
        donor_person_id: int | None = None,
        donor_unit_id: int | None = None,
        condition: str = "good",
        estimated_value: int = 0,
        note: str = "",
        received_on: date | None = None,
        by_user_id: int | None = None,
    ) -> Donation:
        """Register a donation of ``quantity`` pieces of an item; stock goes up by a move."""
        require_community(org)
        _one_of(donor_kind, DONOR_KINDS, "donor_kind")
        _one_of(condition, CONDITIONS, "condition")
        if quantity <= 0:
            raise Invalid(N_("{field} must be a positive number"), field="quantity")
        if estimated_value < 0:
            raise Invalid(N_("{field} cannot be negative"), field="estimated_value")
        if donor_kind == "person":
            if donor_person_id is None:
                raise Invalid(
                    N_("{field} is required for a donation by a person"), field="donor_person_id"
                )
            await person_here(self.session, donor_person_id, "donor_person_id")
            donor_unit_id = None
        elif donor_kind == "unit":
            if donor_unit_id is None or await self.session.get(Unit, donor_unit_id) is None:
                raise Invalid(
                    N_("{field} must name a unit of this community"), field="donor_unit_id"
                )
            donor_person_id = None
        else:
            donor_person_id = donor_unit_id = None
        item = await self.get_item(item_id, lock=True)
        donation = Donation(
            org_id=item.org_id,
            item_id=item.id,
            donor_kind=donor_kind,
            donor_person_id=donor_person_id,
            donor_unit_id=donor_unit_id,
            quantity=quantity,
            condition=condition,
            estimated_value=estimated_value,
            note=note,
            received_on=received_on or local_today(),
            by_user_id=by_user_id,
        )
        self.session.add(donation)
        await self.session.flush()
        await self.move(item, "donation", quantity, donation_id=donation.id, by_user_id=by_user_id)
        return donation

    async def write_off(
        self, item_id: int, quantity: int, reason: str, by_user_id: int | None
    ) -> StockMove:
        """Take damaged or expired pieces off the shelves."""
        _one_of(reason, WRITE_OFF_REASONS, "reason")
        if quantity <= 0:
            raise Invalid(N_("{field} must be a positive number"), field="quantity")
        item = await self.get_item(item_id, lock=True)
        return await self.move(item, "write_off", -quantity, reason=reason, by_user_id=by_user_id)

    async def stock_take(
        self, item_id: int, counted: int, reason: str, by_user_id: int | None
    ) -> StockMove | None:
        """Record a count: the difference to the counter becomes an adjustment (None if equal)."""
        if counted < 0:
            raise Invalid(N_("{field} cannot be negative"), field="counted")
        item = await self.get_item(item_id, lock=True)
        diff = counted - item.on_hand
        if diff == 0:
            return None
        return await self.move(
            item, "adjust", diff, reason=reason or "stock_take", by_user_id=by_user_id
        )

    async def donations(self, start: date | None = None, end: date | None = None) -> list[Donation]:
        """Donations in scope, newest first."""
        stmt = select(Donation).order_by(Donation.received_on.desc(), Donation.id.desc())
        if start is not None:
            stmt = stmt.where(Donation.received_on >= start)
        if end is not None:
            stmt = stmt.where(Donation.received_on <= end)
        return list((await self.session.execute(stmt)).scalars())

    async def moves(self, item_id: int) -> list[StockMove]:
        """An item's moves, oldest first."""
        stmt = select(StockMove).where(StockMove.item_id == item_id).order_by(StockMove.id)
        return list((await self.session.execute(stmt)).scalars())
