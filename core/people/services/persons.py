"""Persons: register, correct, tag, search (exact ID number and phone through the blind index)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Invalid, NotFound
from core.localtime import local_today
from core.people import idnumbers
from core.people.models import Household, Person, PersonTag
from core.people.services._common import community_path, get_row, home_org, like_escape
from core.people.services._validate import (
    GENDERS,
    RELATIONS,
    STATUSES,
    check_birth_date,
    check_choice,
    check_id_number,
    check_phone,
    check_tag,
    normalize_phone,
    vocabulary,
)
from core.privacy import blind_index, is_minor, require_consent
from core.privacy.consent import ADULT_AGE
from tenants.models import OrgUnit
from tenants.scoping import unscoped

ID_CONTEXT = "people_persons.id_number"
PHONE_CONTEXT = "people_persons.phone"
REGISTER_PURPOSE = "register_sensitive"
"""The consent purpose under which the register itself keeps a minor's sensitive tags."""
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000

_PLAIN = (
    "name",
    "gender",
    "building",
    "unit_no",
    "room",
    "relation_to_head",
    "notes",
    "status",
    "left_on",
)


def id_index(number: str | None) -> str | None:
    """The blind index of a document number (normalised first)."""
    return blind_index(idnumbers.normalize(number), ID_CONTEXT) if number else None


def phone_index(phone: str | None) -> str | None:
    """The blind index of a phone number (normalised first)."""
    return blind_index(normalize_phone(phone), PHONE_CONTEXT) if phone else None


def _supervising(session: AsyncSession) -> bool:
    """Does the request's caller reach these persons only through a street, city or platform
    role (``RequestContext.enter_org`` says so)? Jobs and scripts, which set no such flag, do not."""
    return session.info.get("shequ.granted_locally", True) is False


def _adults():
    """Persons who are not minors today (unknown birth dates count as adults)."""
    today = local_today()
    try:
        cutoff = today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - ADULT_AGE, day=28)
    return or_(Person.birth_date.is_(None), Person.birth_date <= cutoff)


class PersonService:
    """The register's persons inside the session's scope."""

    def __init__(self, session: AsyncSession, plugins=None) -> None:
        self.session = session
        self.plugins = plugins

    async def get(self, person_id: int) -> Person:
        """A person in scope, or 404 naming ``person_id``.

        Minors are read only by staff of their community and its grids: a street or a city
        supervises through figures, so to its staff a child is not found (PIPL: minimum necessary).
        """
        person = await get_row(self.session, Person, person_id, "person_id", "person")
        if _supervising(self.session) and is_minor(person.birth_date):
            raise NotFound(N_("{what} {id} not found"), field="person_id",
                           params={"what": "person", "id": person_id})
        return person

    async def create(self, org: OrgUnit, data: dict[str, Any]) -> Person:
        """Register a person at ``org`` (or at the grid ``grid_id`` inside it)."""
        home = await home_org(self.session, org, data.get("grid_id"))
        person = Person(org_id=home.id, name="", id_type=data.get("id_type") or "resident")
        await self._apply(person, data, home)
        self.session.add(person)
        await self.session.flush()
        await self.set_tags(person, data.get("tags") or [])
        return person

    async def update(self, person: Person, data: dict[str, Any]) -> Person:
        """Correct the given fields of a person (moves go through :meth:`move`)."""
        home = await self.session.get(OrgUnit, person.org_id)
        await self._apply(person, data, home)
        await self.session.flush()
        if "tags" in data and data["tags"] is not None:
            await self.set_tags(person, data["tags"])
        return person

    async def _apply(self, person: Person, data: dict[str, Any], home: OrgUnit) -> None:
        if "name" in data and not (data["name"] or "").strip():
            raise Invalid(N_("{field} must not be empty"), field="name")
        if "gender" in data:
            check_choice(data["gender"] or "", GENDERS, "gender")
        if "relation_to_head" in data:
            check_choice(data["relation_to_head"] or "", RELATIONS, "relation_to_head")
        if "status" in data:
            check_choice(data["status"], STATUSES, "status")
        id_type = data.get("id_type", person.id_type) or "resident"
        birth = check_birth_date(data["birth_date"]) if "birth_date" in data else person.birth_date
        if "id_number" in data or "id_type" in data or "birth_date" in data:
            number = data["id_number"] if "id_number" in data else person.id_number
            number, birth = check_id_number(id_type, number, birth)
            if number != person.id_number or person.id_number_bidx is None:
                await self._refuse_duplicate(home, id_index(number), person.id)
            person.id_type, person.id_number, person.id_number_bidx = (
                id_type,
                number,
                id_index(number),
            )
            person.birth_date = birth
        if "phone" in data:
            person.phone = check_phone(data["phone"])
            person.phone_bidx = phone_index(person.phone)
        for key in _PLAIN:
            if key in data and data[key] is not None:
                setattr(person, key, data[key].strip() if isinstance(data[key], str) else data[key])
        if "household_id" in data:
            household_id = data["household_id"]
            if household_id is not None:
                household = (
                    await self.session.get(Household, household_id)
                    if 0 < household_id < 2**31
                    else None
                )
                if household is None:
                    raise Invalid(
                        N_("{field}: household {id} not found"),
                        field="household_id",
                        params={"id": household_id},
                    )
            person.household_id = household_id

    async def _refuse_duplicate(self, home: OrgUnit, bidx: str | None, own_id: int | None) -> None:
        # Within the person's community only: a refusal must not tell another community's
        # worker that the number is registered somewhere else.
        if bidx is None:
            return
        async with unscoped(self.session, "an ID number is registered once per community"):
            found = (
                (
                    await self.session.execute(
                        select(Person.id).where(
                            Person.id_number_bidx == bidx,
                            Person.org_path.startswith(community_path(home)),
                        )
                    )
                )
                .scalars()
                .first()
            )
        if found is not None and found != own_id:
            raise Conflict(
                N_(
                    "{field}: this document number is already registered in this community (person {id})"
                ),
                field="id_number",
                params={"id": found},
            )

    async def set_tags(
        self, person: Person, tags: list[dict[str, Any]], source: str = "register"
    ) -> list[PersonTag]:
        """Replace the person's tags with ``tags`` (``{"tag", "since", "until"}``), checked against the vocabulary."""
        vocab = vocabulary(self.plugins)
        wanted: dict[str, dict[str, Any]] = {}
        for i, item in enumerate(tags):
            tag = check_tag(item["tag"], vocab, field=f"tags[{i}].tag")
            since, until = item.get("since"), item.get("until")
            if since and until and until < since:
                raise Invalid(N_("{field} must not be before since"), field=f"tags[{i}].until")
            wanted[tag.code] = {"since": since, "until": until, "sensitive": tag.sensitive}
        current = {t.tag: t for t in await self.tags_of(person.id)}
        if any(w["sensitive"] and code not in current for code, w in wanted.items()) and is_minor(
            person.birth_date
        ):
            await require_consent(self.session, person, REGISTER_PURPOSE)
        for code, row in current.items():
            if code not in wanted:
                await self.session.delete(row)
        for code, w in wanted.items():
            row = current.get(code)
            if row is None:
                row = PersonTag(org_id=person.org_id, person_id=person.id, tag=code, source=source)
                self.session.add(row)
            row.since, row.until = w["since"], w["until"]
        await self.session.flush()
        return await self.tags_of(person.id)

    async def tags_of(self, person_id: int) -> list[PersonTag]:
        """A person's tags."""
        stmt = select(PersonTag).where(PersonTag.person_id == person_id).order_by(PersonTag.tag)
        return list((await self.session.execute(stmt)).scalars())

    async def tags_by_person(self, person_ids: list[int]) -> dict[int, list[str]]:
        """Tag codes of several persons (for a list page)."""
        found: dict[int, list[str]] = {pid: [] for pid in person_ids}
        for start in range(0, len(person_ids), 1000):  # stay under the drivers' parameter limits
            chunk = person_ids[start : start + 1000]
            stmt = select(PersonTag.person_id, PersonTag.tag).where(PersonTag.person_id.in_(chunk))
            for pid, tag in (await self.session.execute(stmt.order_by(PersonTag.tag))).all():
                found[pid].append(tag)
        return found

    async def search(
        self,
        org: OrgUnit,
        *,
        q: str | None = None,
        grid_id: int | None = None,
        tag: str | None = None,
        id_number: str | None = None,
        phone: str | None = None,
        household_id: int | None = None,
        status: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> tuple[list[Person], int]:
        """One page of persons of ``org``'s subtree matching every given filter, and the total.

        ID numbers and phones match exactly through their blind index; names by substring.
        """
        if not 1 <= page <= MAX_PAGE:
            raise Invalid(
                N_("{field} must be between 1 and {max}"), field="page", params={"max": MAX_PAGE}
            )
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise Invalid(
                N_("{field} must be between 1 and {max}"),
                field="page_size",
                params={"max": MAX_PAGE_SIZE},
            )
        stmt = select(Person).where(Person.org_path.startswith(org.path))
        if _supervising(self.session):
            stmt = stmt.where(_adults())  # minors stay with their community's staff (see get())
        if q and q.strip():
            stmt = stmt.where(Person.name.like(f"%{like_escape(q.strip())}%", escape="\\"))
        if grid_id is not None:
            grid = await home_org(self.session, org, grid_id)
            stmt = stmt.where(Person.org_path.startswith(grid.path))
        if tag:
            stmt = stmt.where(
                Person.id.in_(select(PersonTag.person_id).where(PersonTag.tag == tag))
            )
        if id_number:
            stmt = stmt.where(Person.id_number_bidx == id_index(id_number))
        if phone:
            stmt = stmt.where(Person.phone_bidx == phone_index(phone))
        if household_id is not None:
            if not 0 < household_id < 2**31:
                raise Invalid(
                    N_("{field}: household {id} not found"),
                    field="household_id",
                    params={"id": household_id},
                )
            stmt = stmt.where(Person.household_id == household_id)
        stmt = (
            stmt.where(Person.status == status) if status else stmt.where(Person.status != "erased")
        )
        total = (
            await self.session.execute(select(func.count()).select_from(stmt.subquery()))
        ).scalar_one()
        rows = await self.session.execute(
            stmt.order_by(Person.org_path, Person.name, Person.id)
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
        return list(rows.scalars()), total

    async def delete(self, person: Person) -> None:
        """Remove a person registered by mistake (409 while a module still refers to them)."""
        await self.session.execute(delete(PersonTag).where(PersonTag.person_id == person.id))
        await self.session.delete(person)
        await self.session.flush()


def age_today(birth: date | None) -> int | None:
    """Whole years of age today in China."""
    from core.localtime import local_today
    from core.privacy import age_on

    return age_on(birth, local_today())
