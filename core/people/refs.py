"""How a plugin shows a person it refers to: masked, by default, everywhere."""

from __future__ import annotations

import msgspec

from core.localtime import local_today
from core.privacy.consent import age_on
from core.privacy.masking import mask_name


class PersonRef(msgspec.Struct, kw_only=True):
    """A person as plugins' responses show them: id, masked name, age, org."""

    id: int
    name: str
    age: int | None = None
    org_id: int


def person_ref(person) -> PersonRef:
    """The masked reference of a :class:`core.people.models.Person` (no ID number, no phone)."""
    return PersonRef(
        id=person.id,
        name=mask_name(person.name),
        age=age_on(person.birth_date, local_today()),
        org_id=person.org_id,
    )
