"""Subject rights and protection: reveal, subject export, erase, and retention per tag."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Invalid
from core.people.models import Household, Person, PersonTag
from core.people.services._validate import vocabulary
from core.people.services.consents import ConsentService
from core.people.services.moves import MoveService
from core.privacy.models import AccessLog

REVEALABLE = ("name", "birth_date", "id_number", "phone", "notes")
"""Fields shown masked by default that ``people:reveal`` may show in full."""
ERASED_NAME = "-"


def check_reveal(fields: list[str], reason: str) -> list[str]:
    """The fields to reveal, each revealable, with a stated reason; else 422 naming the field."""
    if not fields:
        raise Invalid(
            N_("{field}: name at least one of {expected}"),
            field="fields",
            params={"expected": ", ".join(REVEALABLE)},
        )
    bad = [f for f in fields if f not in REVEALABLE]
    if bad:
        raise Invalid(
            N_("{field}: {bad} cannot be revealed; choose from {expected}"),
            field="fields",
            params={"bad": ", ".join(bad), "expected": ", ".join(REVEALABLE)},
        )
    if len((reason or "").strip()) < 2:
        raise Invalid(N_("{field}: state why you need to see the full values"), field="reason")
    return sorted(set(fields))


def revealed(person: Person, fields: list[str]) -> dict[str, Any]:
    """The full values of ``fields`` (call :func:`core.privacy.log_access` alongside)."""
    values = {f: getattr(person, f) for f in fields}
    if values.get("birth_date") is not None:
        values["birth_date"] = values["birth_date"].isoformat()
    return values


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def subject_data(session: AsyncSession, person: Person, plugins) -> dict[str, Any]:
    """Everything held about ``person``, in full: the register's rows and every plugin's."""
    core_fields = (
        "id",
        "org_id",
        "name",
        "gender",
        "birth_date",
        "id_type",
        "id_number",
        "phone",
        "building",
        "unit_no",
        "room",
        "household_id",
        "relation_to_head",
        "status",
        "left_on",
        "notes",
        "created_at",
        "updated_at",
    )
    data: dict[str, Any] = {"person": {f: _iso(getattr(person, f)) for f in core_fields}}
    tags = (
        await session.execute(select(PersonTag).where(PersonTag.person_id == person.id))
    ).scalars()
    data["tags"] = [
        {"tag": t.tag, "since": _iso(t.since), "until": _iso(t.until), "source": t.source}
        for t in tags
    ]
    if person.household_id is not None:
        household = await session.get(Household, person.household_id)
        if household is not None:
            data["household"] = {
                "id": household.id,
                "label": household.label,
                "building": household.building,
                "unit_no": household.unit_no,
                "room": household.room,
            }
    data["moves"] = [
        {
            "from_org_id": m.from_org_id,
            "to_org_id": m.to_org_id,
            "moved_on": _iso(m.moved_on),
            "reason": m.reason,
        }
        for m in await MoveService(session).history(person.id)
    ]
    data["consents"] = [
        {
            "purpose": c.purpose,
            "guardian_name": c.guardian_name,
            "relation": c.relation,
            "document": c.document,
            "granted_at": _iso(c.granted_at),
            "withdrawn_at": _iso(c.withdrawn_at),
        }
        for c in await ConsentService(session, plugins).of_person(person.id)
    ]
    log = (
        await session.execute(
            select(AccessLog).where(AccessLog.person_id == person.id).order_by(AccessLog.at)
        )
    ).scalars()
    data["access_log"] = [
        {
            "at": _iso(e.at),
            "actor": e.actor_name,
            "action": e.action,
            "fields": e.fields,
            "reason": e.reason,
            "source": e.source,
        }
        for e in log
    ]
    modules: dict[str, Any] = {}
    for pid in plugins.ids:  # every installed plugin, enabled or not: data outlives enablement
        for result in await plugins.acall_plugin(
            pid, "collect_person_data", session=session, person=person
        ):
            if result:
                modules[pid] = result
    data["modules"] = modules
    return data


async def erase(session: AsyncSession, person: Person, plugins) -> list[str]:
    """Anonymise ``person``: identity gone, id kept so ledgers stay whole; every plugin is told.

    Returns the tags removed. The row stays (status ``erased``) because modules' ledgers refer
    to its id; nothing left on it identifies anyone.
    """
    if person.status == "erased":
        raise Conflict(
            N_("{field}: person {id} was already erased"),
            field="person_id",
            params={"id": person.id},
        )
    tags = list(
        (await session.execute(select(PersonTag).where(PersonTag.person_id == person.id))).scalars()
    )
    for tag in tags:
        await session.delete(tag)
    person.name, person.gender, person.birth_date = ERASED_NAME, "", None
    person.id_number = person.id_number_bidx = person.phone = person.phone_bidx = person.notes = (
        None
    )
    person.building = person.unit_no = person.room = person.relation_to_head = ""
    person.household_id, person.user_id = None, None
    person.status, person.erased_at = "erased", utcnow()
    await session.flush()
    await plugins.call("person_erased", plugins.ids, session=session, person_id=person.id)
    return [t.tag for t in tags]


async def expired_tags(session: AsyncSession, today: date, plugins=None) -> list[PersonTag]:
    """Tags of the session's scope whose retention after their end date has passed."""
    rules = {
        code: tag.retention_days
        for code, tag in vocabulary(plugins).items()
        if tag.retention_days is not None
    }
    if not rules:
        return []
    stmt = select(PersonTag).where(PersonTag.tag.in_(list(rules)), PersonTag.until.is_not(None))
    rows = (await session.execute(stmt.order_by(PersonTag.id))).scalars()
    return [t for t in rows if t.until + timedelta(days=rules[t.tag]) < today]
