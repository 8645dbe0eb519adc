"""Subject rights: what the supermarket holds about a person, and erasing their free text."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from plugins.supermarket import schemas as s
from plugins.supermarket.models import Donation, Redemption, ServiceRequest, SkillService, Wish
from plugins.supermarket.services.ledger import LedgerService


async def _rows(session: AsyncSession, stmt, names: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in s.dump(r, *names).items()}
        for r in (await session.execute(stmt)).scalars()
    ]


async def collect(session: AsyncSession, person) -> dict[str, Any] | None:
    """Everything held about ``person`` as JSON-able data (None when nothing is)."""
    ledger = LedgerService(session)
    movements = [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in s.dump(t, *s.TXN).items()}
        | {"amount": amount}
        for t, amount in await ledger.entries_of(person.id, limit=100_000)
    ]
    out = {
        "balance": (await ledger.balances([person.id]))[person.id],
        "movements": movements,
        "redemptions": await _rows(
            session, select(Redemption).where(Redemption.person_id == person.id), s.REDEMPTION
        ),
        "donations": await _rows(
            session, select(Donation).where(Donation.donor_person_id == person.id), s.DONATION
        ),
        "wishes": await _rows(
            session,
            select(Wish).where(
                or_(Wish.person_id == person.id, Wish.claimed_by_person_id == person.id)
            ),
            s.WISH,
        ),
        "skills": await _rows(
            session,
            select(SkillService).where(SkillService.provider_person_id == person.id),
            s.SKILL,
        ),
        "service_requests": await _rows(
            session,
            select(ServiceRequest).where(ServiceRequest.requester_person_id == person.id),
            s.REQUEST,
        ),
    }
    return out if any(out[k] for k in out if k != "balance") else None


async def erase(session: AsyncSession, person_id: int) -> None:
    """Blank what the person wrote (wish texts, request notes); ledger entries stay."""
    await session.execute(
        update(Wish).where(Wish.person_id == person_id).values(description="", title="—")
    )
    await session.execute(
        update(ServiceRequest)
        .where(ServiceRequest.requester_person_id == person_id)
        .values(note="")
    )
