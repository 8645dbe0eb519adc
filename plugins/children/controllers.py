"""The children's JSON API, mounted by core under /api/v1/orgs/{org_id:int}/children.

Every handler but ``/stats`` enters a community through :func:`enter_home`, which refuses
anyone without a role granted at the community itself: a street or city reads counts only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter
from sqlalchemy import select

from core.context import RequestContext
from core.localtime import local_today
from core.privacy.models import AccessLog
from plugins.children import schemas as s
from plugins.children.access import community_viewer, enter_home, require_officer, viewer_at
from plugins.children.services import (
    ActivityService,
    ChildService,
    ConsentService,
    CustodyService,
    PairingService,
    StatsService,
    notes_of,
    open_record,
    persons_by_id,
)
from plugins.children.services.export import names_workbook

Row = dict[str, Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ChildController(Controller):
    """Children, their consents, pairings and contacts."""

    path = "/"
    tags = ["children"]

    @get("/children", operation_id="ListChildren")
    async def list_children(
        self,
        ctx: RequestContext,
        org_id: int,
        status: Annotated[str, Parameter(pattern="^(active|archived)$")] = "active",
    ) -> list[Row]:
        """Children the caller may list (staff: all; a helper: their own), masked, no ID number."""
        _org, viewer = await enter_home(ctx, org_id, "children:child", "read")
        rows = await ChildService(ctx.session).listing(viewer, status)
        return [{**s.dump(c, *s.CHILD), "person": s.ref(p)} for c, p in rows]

    @post("/children", operation_id="CreateChild")
    async def create_child(self, ctx: RequestContext, org_id: int, data: s.ChildCreate) -> Row:
        """Register a child (basic registration: category, school, class, guardian)."""
        org, viewer = await enter_home(ctx, org_id, "children:child", "create")
        if not viewer.staff:
            require_officer(viewer)
        child = await ChildService(ctx.session).register(org, **s.given(data))
        await ctx.audit("children.child.create", org, "children:child", str(child.id), {})
        person = await ChildService(ctx.session).person(child)
        return {**s.dump(child, *s.CHILD), "person": s.ref(person)}

    @get("/children/{child_id:int}", operation_id="GetChild")
    async def get_child(self, ctx: RequestContext, org_id: int, child_id: int) -> Row:
        """Open a child's record in full: paired helpers, director and secretary only; logged."""
        _org, viewer = await enter_home(ctx, org_id, "children:record", "read")
        return await open_record(ctx, viewer, child_id)

    @patch("/children/{child_id:int}", operation_id="UpdateChild")
    async def update_child(
        self, ctx: RequestContext, org_id: int, child_id: int, data: s.ChildUpdate
    ) -> Row:
        """Correct the basic registration."""
        org, viewer = await enter_home(ctx, org_id, "children:child", "update")
        require_officer(viewer)
        service = ChildService(ctx.session)
        child = await service.update(await service.get(child_id), **s.given(data))
        return {**s.dump(child, *s.CHILD), "person": s.ref(await service.person(child))}

    @post("/children/{child_id:int}/parents", operation_id="SetChildParents", status_code=200)
    async def set_parents(
        self, ctx: RequestContext, org_id: int, child_id: int, data: s.ParentsSet
    ) -> Row:
        """Store the parents' workplaces and contacts (encrypted; needs the guardian's consent)."""
        org, viewer = await enter_home(ctx, org_id, "children:child", "update")
        require_officer(viewer)
        service = ChildService(ctx.session)
        child = await service.set_parents(
            await service.get(child_id), [s.msgspec.structs.asdict(p) for p in data.parents]
        )
        await ctx.audit("children.parents.set", org, "children:child", str(child.id), {})
        return {"id": child.id, "parents": len(data.parents)}

    @post("/children/{child_id:int}/archive", operation_id="ArchiveChild", status_code=200)
    async def archive(
        self, ctx: RequestContext, org_id: int, child_id: int, data: s.ArchiveRequest
    ) -> Row:
        """Archive a child who turned 18 or left; anonymised after the retention period."""
        org, viewer = await enter_home(ctx, org_id, "children:child", "update")
        require_officer(viewer)
        service = ChildService(ctx.session)
        child = await service.archive(await service.get(child_id), data.reason, data.on)
        await ctx.audit(
            "children.child.archive", org, "children:child", str(child.id), {"reason": data.reason}
        )
        return s.dump(child, *s.CHILD)

    @get("/children/{child_id:int}/contacts", operation_id="ListChildContacts")
    async def contacts(self, ctx: RequestContext, org_id: int, child_id: int) -> list[Row]:
        """A child's contacts with their notes (same rule as the record; logged)."""
        from core.privacy import log_access

        _org, viewer = await enter_home(ctx, org_id, "children:record", "read")
        service = ChildService(ctx.session)
        child = await service.get(child_id)
        await service.may_open(child, viewer)
        found = await PairingService(ctx.session).contacts(child)
        await log_access(
            ctx, await service.person(child), "open_record", ["contacts"], source="children"
        )
        return [{**s.dump(c, *s.CONTACT), "notes": notes_of(c)} for c in found]

    @post("/children/{child_id:int}/contacts", operation_id="CreateChildContact")
    async def add_contact(
        self, ctx: RequestContext, org_id: int, child_id: int, data: s.ContactCreate
    ) -> Row:
        """Record a contact or home visit (a paired helper; notes need the guardian's consent)."""
        org, viewer = await enter_home(ctx, org_id, "children:contact", "create")
        child = await ChildService(ctx.session).get(child_id)
        body = s.msgspec.structs.asdict(data)
        contact = await PairingService(ctx.session).add_contact(
            org,
            child,
            viewer,
            contact_on=body.pop("contact_on"),
            mode=body.pop("mode"),
            term=body.pop("term"),
            notes=body,
        )
        return s.dump(contact, *s.CONTACT)

    @get("/children/{child_id:int}/reads", operation_id="ListChildReads")
    async def reads(self, ctx: RequestContext, org_id: int, child_id: int) -> list[Row]:
        """Who opened the child's record, when and which fields (director and secretary)."""
        _org, viewer = await enter_home(ctx, org_id, "children:record", "read")
        require_officer(viewer)
        child = await ChildService(ctx.session).get(child_id)
        rows = await ctx.session.execute(
            select(AccessLog)
            .where(AccessLog.person_id == child.person_id, AccessLog.source == "children")
            .order_by(AccessLog.at.desc(), AccessLog.id.desc())
        )
        return [
            s.dump(r, "actor_id", "actor_name", "action", "fields", "reason", "at")
            for r in rows.scalars()
        ]

    @get("/children/{child_id:int}/consents", operation_id="ListChildConsents")
    async def consents(self, ctx: RequestContext, org_id: int, child_id: int) -> list[Row]:
        """The guardian consents recorded for the child (guardian's name masked)."""
        from core.privacy import mask_name

        await enter_home(ctx, org_id, "children:consent", "read")
        child = await ChildService(ctx.session).get(child_id)
        return [
            {
                **s.dump(c, "id", "purpose", "relation", "document", "granted_at", "withdrawn_at"),
                "guardian_name": mask_name(c.guardian_name),
            }
            for c in await ConsentService(ctx.session).of_child(child)
        ]

    @post("/children/{child_id:int}/consents", operation_id="CreateChildConsent")
    async def add_consent(
        self, ctx: RequestContext, org_id: int, child_id: int, data: s.ConsentCreate
    ) -> Row:
        """Record the guardian's consent for one of the home's purposes."""
        org, _viewer = await enter_home(ctx, org_id, "children:consent", "create")
        child = await ChildService(ctx.session).get(child_id)
        consent = await ConsentService(ctx.session).record(
            child, user_id=ctx.user.id, **s.given(data)
        )
        await ctx.audit(
            "children.consent.create",
            org,
            "children:consent",
            str(consent.id),
            {"purpose": data.purpose},
        )
        return s.dump(consent, "id", "purpose", "relation", "granted_at")

    @post(
        "/children/{child_id:int}/consents/{consent_id:int}/withdraw",
        operation_id="WithdrawChildConsent",
        status_code=200,
    )
    async def withdraw_consent(
        self, ctx: RequestContext, org_id: int, child_id: int, consent_id: int
    ) -> Row:
        """Withdraw a consent."""
        org, _viewer = await enter_home(ctx, org_id, "children:consent", "update")
        child = await ChildService(ctx.session).get(child_id)
        consent = await ConsentService(ctx.session).withdraw(child, consent_id)
        await ctx.audit("children.consent.withdraw", org, "children:consent", str(consent.id), {})
        return s.dump(consent, "id", "purpose", "withdrawn_at")

    @post("/children/{child_id:int}/pairings", operation_id="CreateChildPairing")
    async def pair(
        self, ctx: RequestContext, org_id: int, child_id: int, data: s.PairingCreate
    ) -> Row:
        """Pair a helper with the child (director or secretary)."""
        org, viewer = await enter_home(ctx, org_id, "children:pairing", "create")
        require_officer(viewer)
        child = await ChildService(ctx.session).get(child_id)
        pairing = await PairingService(ctx.session).pair(
            org, child, data.helper_user_id, data.helper_kind, data.started_on
        )
        await ctx.audit(
            "children.pairing.create",
            org,
            "children:pairing",
            str(pairing.id),
            {"helper": data.helper_user_id},
        )
        return s.dump(pairing, *s.PAIRING)

    @get("/pairings", operation_id="ListChildPairings")
    async def pairings(self, ctx: RequestContext, org_id: int, overdue: bool = False) -> list[Row]:
        """Current pairings (staff: all; a helper: their own), the overdue first; children masked."""
        _org, viewer = await enter_home(ctx, org_id, "children:pairing", "read")
        rows = await PairingService(ctx.session).listing(viewer, overdue)
        people = await persons_by_id(ctx.session, [c.person_id for _p, c in rows])
        return [{**s.dump(p, *s.PAIRING), "child": s.ref(people.get(c.person_id))} for p, c in rows]

    @post("/pairings/{pairing_id:int}/end", operation_id="EndChildPairing", status_code=200)
    async def end_pairing(
        self, ctx: RequestContext, org_id: int, pairing_id: int, data: s.PairingEnd
    ) -> Row:
        """End a pairing."""
        org, viewer = await enter_home(ctx, org_id, "children:pairing", "update")
        require_officer(viewer)
        service = PairingService(ctx.session)
        pairing = await service.end(await service.get(pairing_id), data.ended_on)
        await ctx.audit("children.pairing.end", org, "children:pairing", str(pairing.id), {})
        return s.dump(pairing, *s.PAIRING)

    @get("/reminders", operation_id="ListChildReminders")
    async def reminders(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Overdue-contact reminders: the caller's own (all of them for the director)."""
        _org, viewer = await enter_home(ctx, org_id, "children:reminder", "read")
        rows = await PairingService(ctx.session).reminders(viewer)
        people = await persons_by_id(ctx.session, [c.person_id for _r, _p, c in rows])
        return [
            {**s.dump(r, *s.REMINDER), "child": s.ref(people.get(c.person_id))} for r, _p, c in rows
        ]

    @get("/export", operation_id="ExportChildrenNames")
    async def export(
        self,
        ctx: RequestContext,
        org_id: int,
        reason: Annotated[
            str, Parameter(min_length=2, max_length=300, description="why the names are exported")
        ],
        reveal: bool = False,
    ) -> Response[bytes]:
        """The children's names as XLSX: a separate right and a reason, masked unless revealed, logged."""
        from core.privacy import log_access

        org, _viewer = await enter_home(ctx, org_id, "children:names", "export")
        rows = await ChildService(ctx.session).listing(community_viewer(ctx, org))
        fields = ["name", "birth_date"] if reveal else ["name_masked"]
        for _child, person in rows:
            await log_access(ctx, person, "export", fields, reason=reason, source="children")
        await ctx.audit(
            "children.export",
            org,
            "children:names",
            str(org.id),
            {"reason": reason, "reveal": reveal, "rows": len(rows)},
        )
        return Response(
            names_workbook(rows, reveal),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="children-{org.id}.xlsx"'},
        )


class HomeController(Controller):
    """The migrant children's home: pick-up persons, custody, activities; and the figures."""

    path = "/"
    tags = ["children"]

    @post("/children/{child_id:int}/pickups", operation_id="CreateChildPickup")
    async def name_pickup(
        self, ctx: RequestContext, org_id: int, child_id: int, data: s.PickupCreate
    ) -> Row:
        """Record a person the guardian named to collect the child."""
        org, _viewer = await enter_home(ctx, org_id, "children:custody", "create")
        child = await ChildService(ctx.session).get(child_id)
        pickup = await CustodyService(ctx.session).name_pickup(
            org, child, data.person_id, data.relation, ctx.user.id, local_today()
        )
        await ctx.audit("children.pickup.create", org, "children:custody", str(pickup.id), {})
        return s.dump(pickup, *s.PICKUP)

    @post("/pickups/{pickup_id:int}/revoke", operation_id="RevokeChildPickup", status_code=200)
    async def revoke_pickup(self, ctx: RequestContext, org_id: int, pickup_id: int) -> Row:
        """The guardian withdrew a named person."""
        await enter_home(ctx, org_id, "children:custody", "update")
        return s.dump(await CustodyService(ctx.session).revoke_pickup(pickup_id), *s.PICKUP)

    @get("/custody", operation_id="ListChildCustody")
    async def custody(self, ctx: RequestContext, org_id: int, day: date | None = None) -> list[Row]:
        """Stays signed in on a day (default today), children masked."""
        from plugins.children.services.stats import day_start

        await enter_home(ctx, org_id, "children:custody", "read")
        first = day or local_today()
        rows = await CustodyService(ctx.session).stays(
            day_start(first), day_start(first + timedelta(days=1))
        )
        people = await persons_by_id(ctx.session, [c.person_id for _s, c in rows])
        return [
            {**s.dump(st, *s.CUSTODY), "child": s.ref(people.get(c.person_id))} for st, c in rows
        ]

    @post("/custody", operation_id="SignInChild")
    async def sign_in(self, ctx: RequestContext, org_id: int, data: s.SignIn) -> Row:
        """Sign a child in, with who dropped them off."""
        org, _viewer = await enter_home(ctx, org_id, "children:custody", "create")
        child = await ChildService(ctx.session).get(data.child_id)
        stay = await CustodyService(ctx.session).sign_in(
            org, child, data.dropped_by_person_id, ctx.user.id
        )
        return s.dump(stay, *s.CUSTODY)

    @post("/custody/{custody_id:int}/sign-out", operation_id="SignOutChild", status_code=200)
    async def sign_out(
        self, ctx: RequestContext, org_id: int, custody_id: int, data: s.SignOut
    ) -> Row:
        """Sign a child out to the guardian or a person the guardian named (anyone else: 403)."""
        org, _viewer = await enter_home(ctx, org_id, "children:custody", "update")
        stay = await CustodyService(ctx.session).sign_out(
            custody_id, data.collected_by_person_id, ctx.user.id
        )
        await ctx.audit("children.custody.sign_out", org, "children:custody", str(stay.id), {})
        return s.dump(stay, *s.CUSTODY)

    @get("/activities", operation_id="ListChildActivities")
    async def activities(
        self, ctx: RequestContext, org_id: int, start: date | None = None, end: date | None = None
    ) -> list[Row]:
        """Activities of a period (default this year) with attendance counts."""
        await enter_home(ctx, org_id, "children:activity", "read")
        last = end or local_today()
        rows = await ActivityService(ctx.session).listing(
            start or last.replace(month=1, day=1), last
        )
        return [{**s.dump(a, *s.ACTIVITY), "attendance": n} for a, n in rows]

    @post("/activities", operation_id="CreateChildActivity")
    async def create_activity(
        self, ctx: RequestContext, org_id: int, data: s.ActivityCreate
    ) -> Row:
        """Record an activity of the home."""
        org, _viewer = await enter_home(ctx, org_id, "children:activity", "create")
        return s.dump(await ActivityService(ctx.session).create(org, **s.given(data)), *s.ACTIVITY)

    @get("/activities/{activity_id:int}", operation_id="GetChildActivity")
    async def activity(self, ctx: RequestContext, org_id: int, activity_id: int) -> Row:
        """One activity with who attended (masked)."""
        await enter_home(ctx, org_id, "children:activity", "read")
        service = ActivityService(ctx.session)
        activity = await service.get(activity_id)
        people = await persons_by_id(ctx.session, await service.attendees(activity))
        return {**s.dump(activity, *s.ACTIVITY), "attendees": [s.ref(p) for p in people.values()]}

    @post(
        "/activities/{activity_id:int}/attendance",
        operation_id="AddChildAttendance",
        status_code=200,
    )
    async def attend(
        self, ctx: RequestContext, org_id: int, activity_id: int, data: s.AttendanceAdd
    ) -> Row:
        """Mark people present at an activity."""
        org, _viewer = await enter_home(ctx, org_id, "children:activity", "update")
        service = ActivityService(ctx.session)
        added = await service.attend(org, await service.get(activity_id), data.person_ids)
        return {"added": added}

    @get("/stats", operation_id="GetChildrenStats", opt={"module_scope": "subtree"})
    async def stats(
        self, ctx: RequestContext, org_id: int, start: date | None = None, end: date | None = None
    ) -> Row:
        """Counts of the subtree; exact only for the community's own staff, else "<5" for 1-4."""
        org = await ctx.enter_org(org_id, "children:stats", "read")
        today = local_today()
        last = end or today
        exact = org.level == "community" and viewer_at(ctx, org).staff
        return await StatsService(ctx.session).figures(
            today, start or last.replace(month=1, day=1), last, exact
        )


ROUTES = [ChildController, HomeController]
