"""A child's record in full, as the paired helpers, the director and the secretary see it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.privacy import mask_name
from plugins.children.models import Child
from plugins.children.schemas import CONTACT, CUSTODY, PAIRING, PICKUP, dump, ref
from plugins.children.services._common import persons_by_id
from plugins.children.services.children import ChildService
from plugins.children.services.consents import ConsentService
from plugins.children.services.home import CustodyService
from plugins.children.services.pairings import PairingService, notes_of

RECORD_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "school",
    "guardian",
    "parents",
    "pairings",
    "contacts",
    "pickups",
    "consents",
)
"""What an opening of the record shows; written to the access log with every opening."""


async def build_record(session: AsyncSession, child: Child) -> dict[str, Any]:
    """The whole record of one child (decrypted): callers check the right and log the opening."""
    children = ChildService(session)
    person = await children.person(child)
    pickups = await CustodyService(session).pickups(child)
    people = await persons_by_id(
        session, [child.guardian_person_id, *(p.person_id for p in pickups)]
    )
    pairings = await PairingService(session).of_child(child)
    contacts = await PairingService(session).contacts(child)
    stay = await CustodyService(session).open_stay(child)
    return {
        **dump(
            child,
            "id",
            "org_id",
            "category",
            "school",
            "class_name",
            "status",
            "archived_on",
            "leave_reason",
        ),
        "person": {
            "id": person.id,
            "name": person.name,
            "gender": person.gender,
            "birth_date": person.birth_date,
            "age": ref(person)["age"],  # type: ignore[index]
        },
        "guardian": ref(people.get(child.guardian_person_id)) if child.guardian_person_id else None,
        "guardian_relation": child.guardian_relation,
        "parents": children.parents_of(child),
        "pairings": [
            {**dump(p, *PAIRING), "helper": mask_name(u.display_name or u.username)}
            for p, u in pairings
        ],
        "contacts": [{**dump(c, *CONTACT), "notes": notes_of(c)} for c in contacts],
        "pickups": [{**dump(p, *PICKUP), "person": ref(people.get(p.person_id))} for p in pickups],
        "consents": [
            {
                "id": c.id,
                "purpose": c.purpose,
                "guardian_name": mask_name(c.guardian_name),
                "relation": c.relation,
                "granted_at": c.granted_at,
                "withdrawn_at": c.withdrawn_at,
            }
            for c in await ConsentService(session).of_child(child)
        ],
        "in_custody": dump(stay, *CUSTODY) if stay else None,
    }


async def open_record(
    ctx, viewer, child_id: int, fields: tuple[str, ...] = RECORD_FIELDS
) -> dict[str, Any]:
    """Check that the viewer may open the child's record, build it, and log the opening.

    ``ctx`` is the request's :class:`core.context.RequestContext`; the access-log entry is
    written in the request's transaction, so a record is never shown without its entry.
    """
    from core.privacy import log_access

    children = ChildService(ctx.session)
    child = await children.get(child_id)
    await children.may_open(child, viewer)
    record = await build_record(ctx.session, child)
    await log_access(ctx, await children.person(child), "open_record", fields, source="children")
    return record
