"""Members are persons of the register: create or link one, and show them masked.

Patrol never keeps a name or phone of its own. A new member either names an existing person
(``person_id``), or gives a name and phone: a person of the community with that phone is
linked, otherwise a new person is registered at the community.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid, NotFound
from core.people.models import Person
from core.people.services import check_phone, phone_index
from core.privacy import mask_name, mask_phone
from tenants.models import OrgUnit


async def person_for_member(
    session: AsyncSession,
    org: OrgUnit,
    *,
    person_id: int | None,
    name: str | None,
    phone: str | None,
) -> Person:
    """The register's person a new member is: the one named, one with that phone, or a new one."""
    if person_id is not None:
        person = await session.get(Person, person_id)
        if person is None or person.status == "erased":
            raise NotFound(
                N_("person {person} not found here"),
                field="person_id",
                params={"person": person_id},
            )
        return person
    if not name or not name.strip():
        raise Invalid(N_("{field} is required"), field="name")
    phone = check_phone(phone)  # the register's own rule and normal form
    if phone:
        index = phone_index(phone)
        found = (
            await session.execute(
                select(Person).where(Person.phone_bidx == index, Person.status == "active").limit(1)
            )
        ).scalar_one_or_none()
        if found is not None:
            return found
    person = Person(
        org_id=org.id,
        name=name.strip(),
        phone=phone,
        phone_bidx=phone_index(phone),
    )
    session.add(person)
    await session.flush()
    return person


async def masked_people(session: AsyncSession, members: Iterable) -> dict[int, tuple[str, str]]:
    """Masked (name, phone) of members' persons, by person id.

    A member's person lives in the member's community (at it or one of its grids), possibly
    outside a grid-scoped request, so persons are read with the scope written by hand: each
    only inside the community that keeps the member.
    """
    wanted = {(m.person_id, m.org_path) for m in members}
    if not wanted:
        return {}
    table = Person.__table__
    rows = await session.execute(
        select(table.c.id, table.c.name, table.c.phone, table.c.org_path)
        .where(
            table.c.id.in_({pid for pid, _ in wanted}),
            or_(*(table.c.org_path.startswith(path) for path in {p for _, p in wanted})),
        )
        .execution_options(scoped_by_hand=True)
    )
    homes = dict(wanted)
    out = {}
    for pid, name, phone, path in rows.all():
        if path.startswith(homes[pid]):
            out[pid] = (mask_name(name), mask_phone(phone))  # the column type decrypted it
    return out


async def dress(session: AsyncSession, members: list) -> list:
    """Give member rows their person's masked ``name`` and ``phone`` for pages and answers."""
    people = await masked_people(session, members)
    for member in members:
        member.display_name, member.display_phone = people.get(member.person_id, ("", ""))
    return members
