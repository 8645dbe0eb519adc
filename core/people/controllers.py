"""The register's JSON API under /api/v1/orgs/{org_id}/people, /households and /units.

Every handler enters the org (404 unknown, 403 without the right, then the session is scoped
to the org's subtree) and hands the work to a service. Every answer is masked; full values
come only from ``POST …/reveal`` with ``people:reveal`` and a reason, written to the access log.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from litestar import Controller, Response, delete, get, patch, post
from sqlalchemy import select

from core.context import RequestContext
from core.localtime import local_today
from core.people import schemas as s
from core.people.services import (
    ConsentService,
    MoveService,
    PersonService,
    check_reveal,
    erase,
    revealed,
    subject_data,
)
from core.plugins import get_plugin_manager
from core.privacy import log_access
from core.privacy.models import AccessLog

Row = dict[str, Any]
OBJ = "people:person"


def _plugins(ctx: RequestContext):
    return getattr(ctx.state, "plugins", None) or get_plugin_manager()


def consent_out(c) -> Row:
    """A consent as the API shows it (the guardian's name masked)."""
    from core.privacy import mask_name

    return {
        "id": c.id,
        "person_id": c.person_id,
        "purpose": c.purpose,
        "guardian_name": mask_name(c.guardian_name),
        "guardian_person_id": c.guardian_person_id,
        "relation": c.relation,
        "document": c.document,
        "granted_at": c.granted_at.isoformat(),
        "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
        "active": c.withdrawn_at is None,
    }


class PersonController(Controller):
    """Persons of an org's subtree."""

    path = "/orgs/{org_id:int}/people"
    tags = ["people"]

    @get("/", operation_id="ListPeople")
    async def list_people(
        self,
        ctx: RequestContext,
        org_id: int,
        q: str | None = None,
        grid_id: int | None = None,
        tag: str | None = None,
        id_number: str | None = None,
        phone: str | None = None,
        household_id: int | None = None,
        status: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Row:
        """Search by name, grid, tag, household, or exactly by ID number or phone; masked, paged."""
        org = await ctx.enter_org(org_id, OBJ, "read")
        service = PersonService(ctx.session, _plugins(ctx))
        rows, total = await service.search(
            org,
            q=q,
            grid_id=grid_id,
            tag=tag,
            id_number=id_number,
            phone=phone,
            household_id=household_id,
            status=status,
            page=page,
            page_size=page_size,
        )
        tags = await service.tags_by_person([p.id for p in rows])
        return s.page_out([s.person_out(p, tags[p.id]) for p in rows], total, page, page_size)

    @post("/search", operation_id="SearchPeople", status_code=200)
    async def search(self, ctx: RequestContext, org_id: int, data: s.SearchIn) -> Row:
        """The same search with the filters in the body, so exact ID numbers and phones stay out of URLs."""
        return await self.list_people.fn(self, ctx, org_id, **s.given(data))

    @post("/", operation_id="CreatePerson")
    async def create(self, ctx: RequestContext, org_id: int, data: s.PersonCreate) -> Row:
        """Register a person (at the grid ``grid_id`` inside the org, or at the org)."""
        org = await ctx.enter_org(org_id, OBJ, "create")
        service = PersonService(ctx.session, _plugins(ctx))
        person = await service.create(org, s.given(data))
        await ctx.audit("people.person.create", org, OBJ, str(person.id), {"org_id": person.org_id})
        return s.person_out(person, [t.tag for t in await service.tags_of(person.id)])

    @get("/{person_id:int}", operation_id="GetPerson")
    async def read(self, ctx: RequestContext, org_id: int, person_id: int) -> Row:
        """One person, masked, with their tags and moves."""
        await ctx.enter_org(org_id, OBJ, "read")
        service = PersonService(ctx.session, _plugins(ctx))
        person = await service.get(person_id)
        out = s.person_out(person, [t.tag for t in await service.tags_of(person.id)])
        out["moves"] = [
            {
                "from_org_id": m.from_org_id,
                "to_org_id": m.to_org_id,
                "moved_on": m.moved_on.isoformat(),
                "reason": m.reason,
            }
            for m in await MoveService(ctx.session).history(person.id)
        ]
        return out

    @patch("/{person_id:int}", operation_id="UpdatePerson")
    async def update(
        self, ctx: RequestContext, org_id: int, person_id: int, data: s.PersonUpdate
    ) -> Row:
        """Correct a person's record (only the fields sent)."""
        org = await ctx.enter_org(org_id, OBJ, "update")
        service = PersonService(ctx.session, _plugins(ctx))
        changes = s.given(data)
        person = await service.update(await service.get(person_id), changes)
        await ctx.audit(
            "people.person.update", org, OBJ, str(person.id), {"fields": sorted(changes)}
        )
        return s.person_out(person, [t.tag for t in await service.tags_of(person.id)])

    @delete("/{person_id:int}", operation_id="DeletePerson", status_code=204)
    async def remove(self, ctx: RequestContext, org_id: int, person_id: int) -> None:
        """Delete a person registered by mistake (409 while a module refers to them; see erase)."""
        org = await ctx.enter_org(org_id, OBJ, "delete")
        service = PersonService(ctx.session, _plugins(ctx))
        await service.delete(await service.get(person_id))
        await ctx.audit("people.person.delete", org, OBJ, str(person_id))

    @post("/{person_id:int}/move", operation_id="MovePerson", status_code=200)
    async def move(self, ctx: RequestContext, org_id: int, person_id: int, data: s.MoveIn) -> Row:
        """Move a person to another grid or community (the right is needed at both ends)."""
        org = await ctx.enter_org(org_id, OBJ, "update")
        person = await PersonService(ctx.session).get(person_id)
        to = await ctx.get_org(data.to_org_id, "to_org_id")
        await ctx.require(to, OBJ, "update")
        entry = await MoveService(ctx.session).move(
            person, to, data.moved_on or local_today(), data.reason, ctx.user.id
        )
        await ctx.audit(
            "people.person.move",
            org,
            OBJ,
            str(person_id),
            {"from_org_id": entry.from_org_id, "to_org_id": entry.to_org_id},
        )
        return {
            "person_id": person_id,
            "from_org_id": entry.from_org_id,
            "to_org_id": entry.to_org_id,
            "moved_on": entry.moved_on.isoformat(),
        }

    @post("/{person_id:int}/reveal", operation_id="RevealPerson", status_code=200)
    async def reveal(
        self, ctx: RequestContext, org_id: int, person_id: int, data: s.RevealIn
    ) -> Row:
        """The full values of some fields, for a stated reason; written to the access log and audit."""
        org = await ctx.enter_org(org_id, OBJ, "read")
        await ctx.require(org, "people:reveal", "read")
        fields = check_reveal(data.fields, data.reason)
        person = await PersonService(ctx.session).get(person_id)
        await log_access(ctx, person, "reveal", fields, data.reason.strip())
        return {"person_id": person.id, "fields": revealed(person, fields)}

    @get("/{person_id:int}/access-log", operation_id="ListPersonAccessLog")
    async def access_log(self, ctx: RequestContext, org_id: int, person_id: int) -> list[Row]:
        """Who saw this person's full data, when, which fields, why and from where."""
        await ctx.enter_org(org_id, OBJ, "read")
        await PersonService(ctx.session).get(person_id)
        rows = await ctx.session.execute(
            select(AccessLog)
            .where(AccessLog.person_id == person_id)
            .order_by(AccessLog.at.desc(), AccessLog.id.desc())
        )
        return [
            {
                "id": e.id,
                "at": e.at.isoformat(),
                "actor_id": e.actor_id,
                "actor_name": e.actor_name,
                "action": e.action,
                "source": e.source,
                "fields": e.fields,
                "reason": e.reason,
                "ip": e.ip,
            }
            for e in rows.scalars()
        ]

    @get("/{person_id:int}/consents", operation_id="ListPersonConsents")
    async def consents(self, ctx: RequestContext, org_id: int, person_id: int) -> list[Row]:
        """The person's guardian consents, newest first."""
        await ctx.enter_org(org_id, "people:consent", "read")
        await PersonService(ctx.session).get(person_id)
        return [
            consent_out(c)
            for c in await ConsentService(ctx.session, _plugins(ctx)).of_person(person_id)
        ]

    @post("/{person_id:int}/consents", operation_id="RecordConsent")
    async def record_consent(
        self, ctx: RequestContext, org_id: int, person_id: int, data: s.ConsentIn
    ) -> Row:
        """Record a guardian's consent for one declared purpose."""
        org = await ctx.enter_org(org_id, "people:consent", "create")
        person = await PersonService(ctx.session).get(person_id)
        consent = await ConsentService(ctx.session, _plugins(ctx)).record(
            person, s.given(data), ctx.user.id
        )
        await ctx.audit(
            "people.consent.record",
            org,
            "people:consent",
            str(consent.id),
            {"person_id": person_id, "purpose": consent.purpose},
        )
        return consent_out(consent)

    @post(
        "/{person_id:int}/consents/{consent_id:int}/withdraw",
        operation_id="WithdrawConsent",
        status_code=200,
    )
    async def withdraw_consent(
        self, ctx: RequestContext, org_id: int, person_id: int, consent_id: int
    ) -> Row:
        """Withdraw a consent: the purpose is refused again from now on."""
        org = await ctx.enter_org(org_id, "people:consent", "update")
        await PersonService(ctx.session).get(person_id)
        consent = await ConsentService(ctx.session).withdraw(person_id, consent_id)
        await ctx.audit(
            "people.consent.withdraw",
            org,
            "people:consent",
            str(consent.id),
            {"person_id": person_id, "purpose": consent.purpose},
        )
        return consent_out(consent)

    @get("/{person_id:int}/export", operation_id="ExportPersonData")
    async def export(self, ctx: RequestContext, org_id: int, person_id: int) -> Response:
        """Everything held about the person, every module included, as a JSON file (subject access)."""
        await ctx.enter_org(org_id, "people:export", "export")
        person = await PersonService(ctx.session).get(person_id)
        data = await subject_data(ctx.session, person, _plugins(ctx))
        await log_access(ctx, person, "export", ["*"], "subject access request")
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        name = f"person-{person.id}-{date.today().isoformat()}.json"
        return Response(
            body,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @post("/{person_id:int}/erase", operation_id="ErasePerson", status_code=200)
    async def erase(
        self, ctx: RequestContext, org_id: int, person_id: int, data: s.ReasonIn
    ) -> Row:
        """Anonymise the person; modules are told (``person_erased``) and keep their ledgers."""
        org = await ctx.enter_org(org_id, "people:erase", "delete")
        person = await PersonService(ctx.session).get(person_id)
        removed = await erase(ctx.session, person, _plugins(ctx))
        await ctx.audit(
            "people.person.erase",
            org,
            OBJ,
            str(person_id),
            {"reason": data.reason, "tags": removed},
        )
        return s.person_out(person, [])
