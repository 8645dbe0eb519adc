"""Request bodies and masked responses of the register's API (msgspec; unknown fields refused)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec

from core.people.models import Household, Person, Unit
from core.privacy import age_on, mask_id_number, mask_name, mask_phone, mask_text
from core.localtime import local_today

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Short = Annotated[str, msgspec.Meta(max_length=32)]
Line = Annotated[str, msgspec.Meta(max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=5000)]
Doc = Annotated[str, msgspec.Meta(max_length=40)]
PhoneIn = Annotated[str, msgspec.Meta(max_length=32)]
Id = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
UNSET = msgspec.UNSET


class _In(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies."""


class TagIn(_In):
    tag: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    since: date | None = None
    until: date | None = None


class PersonCreate(_In):
    name: Name
    gender: str = ""
    birth_date: date | None = None
    id_type: str = "resident"
    id_number: Doc | None = None
    phone: PhoneIn | None = None
    building: Short = ""
    unit_no: Short = ""
    room: Short = ""
    grid_id: Id | None = None
    household_id: Id | None = None
    relation_to_head: str = ""
    notes: Text | None = None
    tags: list[TagIn] = []


class PersonUpdate(_In):
    name: Name | msgspec.UnsetType = UNSET
    gender: str | msgspec.UnsetType = UNSET
    birth_date: date | None | msgspec.UnsetType = UNSET
    id_type: str | msgspec.UnsetType = UNSET
    id_number: Doc | None | msgspec.UnsetType = UNSET
    phone: PhoneIn | None | msgspec.UnsetType = UNSET
    building: Short | msgspec.UnsetType = UNSET
    unit_no: Short | msgspec.UnsetType = UNSET
    room: Short | msgspec.UnsetType = UNSET
    household_id: Id | None | msgspec.UnsetType = UNSET
    relation_to_head: str | msgspec.UnsetType = UNSET
    status: str | msgspec.UnsetType = UNSET
    left_on: date | None | msgspec.UnsetType = UNSET
    notes: Text | None | msgspec.UnsetType = UNSET
    tags: list[TagIn] | msgspec.UnsetType = UNSET


class SearchIn(_In):
    q: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    grid_id: Id | None = None
    tag: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    id_number: Doc | None = None
    phone: PhoneIn | None = None
    household_id: Id | None = None
    status: Annotated[str, msgspec.Meta(max_length=16)] | None = None
    page: int = 1
    page_size: int = 50


class MoveIn(_In):
    to_org_id: Id
    moved_on: date | None = None
    reason: Line = ""


class RevealIn(_In):
    fields: Annotated[list[str], msgspec.Meta(max_length=10)]
    reason: Annotated[str, msgspec.Meta(max_length=500)]


class ReasonIn(_In):
    reason: Annotated[str, msgspec.Meta(max_length=500)] = ""


class ConsentIn(_In):
    purpose: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    guardian_name: Name
    relation: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    guardian_person_id: Id | None = None
    document: Annotated[str, msgspec.Meta(max_length=300)] = ""


class HouseholdCreate(_In):
    label: Annotated[str, msgspec.Meta(max_length=100)] = ""
    building: Short = ""
    unit_no: Short = ""
    room: Short = ""
    grid_id: Id | None = None


class HouseholdUpdate(_In):
    label: Annotated[str, msgspec.Meta(max_length=100)] | msgspec.UnsetType = UNSET
    building: Short | msgspec.UnsetType = UNSET
    unit_no: Short | msgspec.UnsetType = UNSET
    room: Short | msgspec.UnsetType = UNSET
    head_person_id: Id | msgspec.UnsetType = UNSET


class UnitCreate(_In):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    kind: str = "company"
    relation: str = "resident"
    credit_code: Annotated[str, msgspec.Meta(max_length=18)] = ""
    address: Line = ""
    party_org_name: Line = ""
    contact_name: Annotated[str, msgspec.Meta(max_length=100)] = ""
    contact_phone: PhoneIn | None = None
    description: Text = ""


class UnitUpdate(_In):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | msgspec.UnsetType = UNSET
    kind: str | msgspec.UnsetType = UNSET
    relation: str | msgspec.UnsetType = UNSET
    credit_code: Annotated[str, msgspec.Meta(max_length=18)] | msgspec.UnsetType = UNSET
    address: Line | msgspec.UnsetType = UNSET
    party_org_name: Line | msgspec.UnsetType = UNSET
    contact_name: Annotated[str, msgspec.Meta(max_length=100)] | msgspec.UnsetType = UNSET
    contact_phone: PhoneIn | None | msgspec.UnsetType = UNSET
    description: Text | msgspec.UnsetType = UNSET
    active: bool | msgspec.UnsetType = UNSET


def given(data: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually sent (tags as plain dicts)."""
    out = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not UNSET}
    if "tags" in out and out["tags"] is not None:
        out["tags"] = [msgspec.structs.asdict(t) for t in out["tags"]]
    return out


def mask_birth(value: date | None) -> str:
    """1990-05-17 → 1990-**-** (the year stays: ages are needed for the work)."""
    return f"{value.year}-**-**" if value else ""


def person_out(person: Person, tags: list[str] | None = None) -> dict[str, Any]:
    """A person as every response shows them: masked."""
    return {
        "id": person.id,
        "org_id": person.org_id,
        "name": mask_name(person.name),
        "gender": person.gender,
        "birth_date": mask_birth(person.birth_date),
        "age": age_on(person.birth_date, local_today()),
        "id_type": person.id_type,
        "id_number": mask_id_number(person.id_number),
        "phone": mask_phone(person.phone),
        "building": person.building,
        "unit_no": person.unit_no,
        "room": person.room,
        "household_id": person.household_id,
        "relation_to_head": person.relation_to_head,
        "status": person.status,
        "left_on": person.left_on.isoformat() if person.left_on else None,
        "notes": mask_text(person.notes),
        "tags": tags if tags is not None else [],
    }


def household_out(household: Household, members: list[Person] | None = None) -> dict[str, Any]:
    """A household, its members masked."""
    out: dict[str, Any] = {
        "id": household.id,
        "org_id": household.org_id,
        "label": household.label,
        "building": household.building,
        "unit_no": household.unit_no,
        "room": household.room,
        "head_person_id": household.head_person_id,
    }
    if members is not None:
        out["members"] = [
            {"id": p.id, "name": mask_name(p.name), "relation_to_head": p.relation_to_head}
            for p in members
        ]
    return out


def unit_out(unit: Unit) -> dict[str, Any]:
    """A unit; its contact's phone masked."""
    return {
        "id": unit.id,
        "org_id": unit.org_id,
        "name": unit.name,
        "kind": unit.kind,
        "relation": unit.relation,
        "credit_code": unit.credit_code,
        "address": unit.address,
        "party_org_name": unit.party_org_name,
        "contact_name": mask_name(unit.contact_name),
        "contact_phone": mask_phone(unit.contact_phone),
        "description": unit.description,
        "active": unit.active,
    }


def page_out(items: list[dict[str, Any]], total: int, page: int, page_size: int) -> dict[str, Any]:
    """A page of a list."""
    return {"items": items, "total": total, "page": page, "page_size": page_size}
