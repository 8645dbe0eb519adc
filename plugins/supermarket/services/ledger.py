"""The points ledger: double entry, append-only, a balance is the sum of entries.

Every movement is a :class:`Txn` with two :class:`Entry` rows that sum to zero: the person's
account against one of the community's system accounts. A correction is a reversing
transaction; nothing is ever updated or deleted. Writers lock the person's account row
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the first write takes the database's
single writer lock) before they read a balance, so two staff can never overspend it.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Invalid
from plugins.supermarket.models import Account, Entry, Txn
from tenants.models import OrgUnit

# The system account each kind of transaction posts against (the person's side is +/-).
SYSTEM = {"earned": "volunteer", "awarded": "award", "spent": "goods", "expired": "expiry"}
# +1: the person gains points, -1: the person gives them.
SIGN = {"earned": 1, "awarded": 1, "spent": -1, "expired": -1}


def dialect(session: AsyncSession) -> str:
    """The database dialect's name ("postgresql" or "sqlite")."""
    return session.get_bind().dialect.name


def person_key(person_id: int) -> str:
    """The account key of a person."""
    return f"person:{person_id}"


class LedgerService:
    """Accounts, balances and postings of one community's points."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _ensure(self, org: OrgUnit, key: str, person_id: int | None) -> None:
        """Create the account row if missing, race-free (INSERT … ON CONFLICT DO NOTHING)."""
        insert = postgresql.insert if dialect(self.session) == "postgresql" else sqlite.insert
        stmt = (
            insert(Account.__table__)
            .values(
                org_id=org.id, org_path=org.path, key=key, person_id=person_id, created_at=utcnow()
            )
            .on_conflict_do_nothing(index_elements=["org_id", "key"])
            # The row is written at ``org`` with its own path, which the caller entered.
            .execution_options(scoped_by_hand=True)
        )
        await self.session.execute(stmt)

    async def account(
        self, org: OrgUnit, key: str, person_id: int | None = None, *, lock: bool = False
    ) -> Account:
        """The account ``key`` at the community ``org``, created on first use; ``lock`` takes
        its row lock for the rest of the transaction."""
        found = await self._find(org, key, lock)
        if found is None:
            await self._ensure(org, key, person_id)
            found = await self._find(org, key, lock)
        assert found is not None
        return found

    async def _find(self, org: OrgUnit, key: str, lock: bool) -> Account | None:
        stmt = select(Account).where(Account.org_id == org.id, Account.key == key)
        if lock:
            if dialect(self.session) == "sqlite":
                # SQLite has no row locks: a first write takes its single writer lock, so the
                # balance read next cannot be stale. The update changes nothing.
                await self.session.execute(
                    update(Account)
                    .where(Account.org_id == org.id, Account.key == key)
                    .values(key=Account.key)
                )
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def person_account(self, org: OrgUnit, person_id: int, *, lock: bool = False) -> Account:
        """The account of a person at the community ``org``."""
        return await self.account(org, person_key(person_id), person_id, lock=lock)

    async def balance_of(self, account_id: int) -> int:
        """The balance of an account: the sum of its entries."""
        stmt = select(func.coalesce(func.sum(Entry.amount), 0)).where(
            Entry.account_id == account_id
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def balance(self, org: OrgUnit, person_id: int) -> int:
        """A person's balance at the community ``org`` (0 without an account)."""
        found = await self._find(org, person_key(person_id), lock=False)
        return 0 if found is None else await self.balance_of(found.id)

    async def post(
        self,
        org: OrgUnit,
        kind: str,
        person_id: int,
        points: int,
        *,
        reason: str = "",
        source: str | None = None,
        ref: str | None = None,
        hours: float | None = None,
        by_user_id: int | None = None,
        approved_by_user_id: int | None = None,
        person_account: Account | None = None,
        known_balance: int | None = None,
    ) -> Txn:
        """Post one movement of ``points`` for a person; a debit below zero is refused (409).

        Pass ``person_account`` already locked, and ``known_balance`` when the caller read the
        balance under that lock.
        """
        if points <= 0:
            raise Invalid(N_("points must be a positive number"), field="points")
        account = person_account or await self.person_account(org, person_id, lock=True)
        sign = SIGN[kind]
        if sign < 0:
            have = known_balance if known_balance is not None else await self.balance_of(account.id)
            if have < points:
                raise Conflict(
                    N_("not enough points: {have} available, {need} needed"),
                    field="points",
                    params={"have": have, "need": points},
                )
        system = await self.account(org, f"system:{SYSTEM[kind]}")
        at = utcnow()
        txn = Txn(
            at=at,
            org_id=org.id,
            kind=kind,
            points=points,
            person_id=person_id,
            source=source,
            ref=ref,
            reason=reason,
            hours=hours,
            by_user_id=by_user_id,
            approved_by_user_id=approved_by_user_id,
        )
        self.session.add(txn)
        await self.session.flush()
        self.session.add_all(
            [
                Entry(
                    org_id=org.id, txn_id=txn.id, account_id=account.id, amount=sign * points, at=at
                ),
                Entry(
                    org_id=org.id, txn_id=txn.id, account_id=system.id, amount=-sign * points, at=at
                ),
            ]
        )
        await self.session.flush()
        return txn

    async def reverse(self, org: OrgUnit, txn: Txn, *, reason: str, by_user_id: int | None) -> Txn:
        """Post the mirror image of ``txn`` (once: a second reversal is refused with 409).

        A reversal that would take the person below zero (the points were already spent)
        is refused too: the ledger never shows a negative balance.
        """
        taken = await self.session.execute(select(Txn.id).where(Txn.reverses_id == txn.id))
        if taken.first() is not None:
            raise Conflict(
                N_("transaction {txn} is already reversed"), field="txn_id", params={"txn": txn.id}
            )
        entries = (
            (await self.session.execute(select(Entry).where(Entry.txn_id == txn.id)))
            .scalars()
            .all()
        )
        if txn.person_id is not None:
            account = await self.person_account(org, txn.person_id, lock=True)
            mine = sum(e.amount for e in entries if e.account_id == account.id)
            if mine > 0 and await self.balance_of(account.id) < mine:
                raise Conflict(
                    N_("cannot reverse transaction {txn}: its points were already spent"),
                    field="txn_id",
                    params={"txn": txn.id},
                )
        at = utcnow()
        mirror = Txn(
            at=at,
            org_id=txn.org_id,
            kind="reversal",
            points=txn.points,
            person_id=txn.person_id,
            source=txn.source,
            ref=txn.ref,
            reason=reason,
            reverses_id=txn.id,
            by_user_id=by_user_id,
        )
        self.session.add(mirror)
        await self.session.flush()
        self.session.add_all(
            Entry(
                org_id=txn.org_id,
                txn_id=mirror.id,
                account_id=e.account_id,
                amount=-e.amount,
                at=at,
            )
            for e in entries
        )
        await self.session.flush()
        return mirror

    async def entries_of(self, person_id: int, limit: int = 500) -> list[tuple[Txn, int]]:
        """A person's movements in scope (newest first) with the signed amount on their account."""
        stmt = (
            select(Txn, Entry.amount)
            .join(Entry, Entry.txn_id == Txn.id)
            .join(Account, Account.id == Entry.account_id)
            .where(Account.key == person_key(person_id))
            .order_by(Txn.at.desc(), Txn.id.desc())
            .limit(limit)
        )
        return [(t, a) for t, a in (await self.session.execute(stmt)).all()]

    async def balances(self, person_ids: list[int]) -> dict[int, int]:
        """Balances of several persons in scope (summed over the communities in scope)."""
        if not person_ids:
            return {}
        stmt = (
            select(Account.person_id, func.sum(Entry.amount))
            .join(Entry, Entry.account_id == Account.id)
            .where(Account.person_id.in_(person_ids))
            .group_by(Account.person_id)
        )
        out = {pid: 0 for pid in person_ids}
        out.update({pid: int(total) for pid, total in (await self.session.execute(stmt)).all()})
        return out
