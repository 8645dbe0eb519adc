"""Telling the resident (seed 002: three times) and the cadres, through the kernel's outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.notify import Outbox
from plugins.demands.models import Demand
from plugins.demands.vocab import label, message, vocab
from tenants.models import OrgUnit


def _subject() -> str:
    return str(vocab()["messages"]["subject"])


async def tell_resident(
    session: AsyncSession, org: OrgUnit, demand: Demand, kind: str, body: str
) -> None:
    """Write one message to the demand's resident (kept for the public status page as well).

    ``kind`` is unique per demand step (``accepted``, ``handling:promised`` …), so telling twice
    writes nothing new.
    """
    await Outbox(session).enqueue(
        org,
        source="demands",
        ref=str(demand.id),
        kind=kind,
        subject=_subject(),
        body=body,
        recipient_person_id=demand.person_id,
    )


async def accepted(session: AsyncSession, org: OrgUnit, demand: Demand) -> None:
    """The first message: accepted, with the tracking code."""
    await tell_resident(
        session, org, demand, "accepted", message("accepted", code=demand.tracking_code)
    )


async def handling(
    session: AsyncSession, org: OrgUnit, demand: Demand, handler: str = "", escalated_to: str = ""
) -> None:
    """The second message: how it is handled, who handles it and by when."""
    kind = demand.kind or ""
    if kind == "promised":
        how = message("handling_due", handler=handler or "—", due=demand.due_on)
    elif kind == "missing_documents":
        how = message("handling_documents", needed=demand.documents_needed)
    elif kind == "escalated":
        how = message("handling_escalated", to=escalated_to)
    elif kind == "referred":
        how = message("handling_referred", department=demand.referred_to, explain=demand.solution)
    else:
        how = message("handling_immediate", solution=demand.solution)
    body = message("handling", code=demand.tracking_code, kind=label("kinds", kind), how=how)
    await tell_resident(session, org, demand, f"handling:{kind}:{demand.reopened}", body)


async def answered(session: AsyncSession, org: OrgUnit, demand: Demand) -> None:
    """The superior answered: the community replies within the reply clock."""
    body = message("answered", code=demand.tracking_code, due=demand.due_on)
    await tell_resident(session, org, demand, f"answered:{demand.reopened}", body)


async def opinion(session: AsyncSession, org: OrgUnit, demand: Demand) -> None:
    """The third message: solved, and what does the resident think?"""
    body = message("opinion", code=demand.tracking_code, solution=demand.solution)
    await tell_resident(session, org, demand, f"opinion:{demand.reopened}", body)


async def supervision(
    session: AsyncSession, org: OrgUnit, demand: Demand, user_id: int | None, due
) -> None:
    """Tell the responsible cadre about a supervision order (their console inbox)."""
    if user_id is None:
        return
    await Outbox(session).enqueue(
        org,
        source="demands",
        ref=str(demand.id),
        kind="supervision",
        subject=_subject(),
        body=message("supervision", code=demand.tracking_code, due=due),
        recipient_user_id=user_id,
    )
