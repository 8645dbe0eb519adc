"""Guardian consent: processing a minor's sensitive data for a purpose needs an active consent.

Plugins declare their purposes through ``register_consent_purposes`` and call
:func:`require_consent` before they store or show sensitive data about a person; the kernel
refuses with 409 when that person is a minor and no guardian consent for the purpose is active.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict
from core.localtime import local_today
from core.privacy.models import Consent

ADULT_AGE = 18


@dataclass(frozen=True)
class Purpose:
    """A purpose of processing minors' data, declared by a plugin (``register_consent_purposes``)."""

    code: str
    title_zh: str
    title_en: str
    description: str = ""


def age_on(birth_date: date | None, day: date) -> int | None:
    """Whole years of age on ``day`` (None when the birth date is unknown)."""
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: date | None, day: date | None = None) -> bool:
    """Under 18 on ``day`` (today in China by default); unknown birth dates count as minors
    only for callers that say so, so this returns False for them."""
    age = age_on(birth_date, day or local_today())
    return age is not None and age < ADULT_AGE


async def active_consent(session: AsyncSession, person_id: int, purpose: str) -> Consent | None:
    """The consent for ``purpose`` on this person that has not been withdrawn, if any."""
    return (
        await session.execute(
            select(Consent)
            .where(
                Consent.person_id == person_id,
                Consent.purpose == purpose,
                Consent.withdrawn_at.is_(None),
            )
            .order_by(Consent.granted_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def require_consent(session: AsyncSession, person, purpose: str, *, minors_only: bool = True) -> None:
    """Refuse (409) unless a guardian consent for ``purpose`` is active for ``person``.

    ``person`` is a :class:`core.people.models.Person`; adults need none unless
    ``minors_only`` is False (a plugin that always wants a recorded consent).
    """
    if minors_only and not is_minor(person.birth_date):
        return
    if await active_consent(session, person.id, purpose) is None:
        raise Conflict(
            N_("no active guardian consent for purpose {purpose} is recorded for person {person_id}"),
            field="person_id",
            params={"purpose": purpose, "person_id": person.id},
        )
