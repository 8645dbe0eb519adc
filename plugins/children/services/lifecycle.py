"""The nightly round: leaving at 18, overdue pairings, and anonymising after retention."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.plugins import get_plugin_manager
from plugins.children.services.children import ChildService
from plugins.children.services.pairings import PairingService
from tenants.models import OrgUnit


async def erase_person(session: AsyncSession, person_id: int) -> None:
    """Have the register erase the person: its row loses the identity and every installed
    plugin (this one included) hears ``person_erased`` and drops what identifies them."""
    from core.people.models import Person
    from core.people.services import erase

    pm = get_plugin_manager()
    person = await session.get(Person, person_id)
    if person is None or person.status == "erased":
        # Already erased by the register: make sure this module's part is gone too.
        await pm.call("person_erased", ["children"], session=session, person_id=person_id)
        return
    await erase(session, person, pm)


async def run_nightly(
    session: AsyncSession, org: OrgUnit, today: date, *, contact_days: int, retention_years: int
) -> dict[str, int]:
    """One nightly round at a community; every step is idempotent."""
    children = ChildService(session)
    archived = await children.archive_adults(today)
    overdue = await PairingService(session).flag_overdue(org, contact_days, today)
    anonymised = 0
    for child in await children.expired(today, retention_years):
        await erase_person(session, child.person_id)
        anonymised += 1
    return {"archived": archived, **overdue, "anonymised": anonymised}
