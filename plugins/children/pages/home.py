"""The home's front page (masked list, overdue pairings, reminders, registration) and a child's page."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.web.render import page
from plugins.children.access import enter_home, require_officer
from plugins.children.pages._forms import FormData, day, integer, labels, submit, text, today
from plugins.children.schemas import ref
from plugins.children.services import (
    ChildService,
    ConsentService,
    PairingService,
    open_record,
    persons_by_id,
)
from plugins.children.services.children import NOTE_COLUMNS


@get("/", name="children.index")
async def index(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The children the caller may list (masked), the overdue pairings and the caller's reminders."""
    org, viewer = await enter_home(ctx, org_id, "children:child", "read")
    rows = await ChildService(ctx.session).listing(viewer)
    pairings = PairingService(ctx.session)
    overdue = await pairings.listing(viewer, overdue=True)
    reminders = await pairings.reminders(viewer)
    people = await persons_by_id(ctx.session, [c.person_id for _p, c in overdue])
    return await page(
        request,
        "children/index.html",
        ctx,
        org,
        children=[(c, ref(p)) for c, p in rows],
        overdue=[(p, ref(people.get(c.person_id))) for p, c in overdue],
        reminders=reminders[:20],
        staff=viewer.staff,
        **labels(ctx, org),
    )


@post("/", name="children.register")
async def register(request: Request, ctx: RequestContext, org_id: int, data: FormData) -> Redirect:
    """Register a child (basic registration)."""

    async def work() -> None:
        org, viewer = await enter_home(ctx, org_id, "children:child", "create")
        if not viewer.staff:
            require_officer(viewer)
        await ChildService(ctx.session).register(
            org,
            person_id=integer(data, "person_id"),
            category=text(data, "category", 16, required=True),
            school=text(data, "school", 100),
            class_name=text(data, "class_name", 50),
            guardian_person_id=integer(data, "guardian_person_id", required=False),
            guardian_relation=text(data, "guardian_relation", 32),
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/children/", work)


@get("/child/{child_id:int}", name="children.child")
async def child_page(request: Request, ctx: RequestContext, org_id: int, child_id: int) -> Template:
    """A child's record (logged as an opening), with the contact form a helper fills in on a visit."""
    org, viewer = await enter_home(ctx, org_id, "children:record", "read")
    record = await open_record(ctx, viewer, child_id)
    return await page(
        request,
        "children/child.html",
        ctx,
        org,
        r=record,
        officer=viewer.officer,
        staff=viewer.staff,
        note_columns=NOTE_COLUMNS,
        today=today().isoformat(),
        **labels(ctx, org),
    )


@post("/child/{child_id:int}", name="children.child.post")
async def child_post(
    request: Request, ctx: RequestContext, org_id: int, child_id: int, data: FormData
) -> Redirect:
    """The forms of a child's page: contact, consent, pairing, archive (``action`` says which)."""
    url = f"/orgs/{org_id}/children/child/{child_id}"

    async def work() -> None:
        action = data.get("action") or "contact"
        children = ChildService(ctx.session)
        if action == "contact":
            org, viewer = await enter_home(ctx, org_id, "children:contact", "create")
            await PairingService(ctx.session).add_contact(
                org,
                await children.get(child_id),
                viewer,
                contact_on=day(data, "contact_on"),
                mode=text(data, "mode", 16, required=True),
                term=text(data, "term", 20),
                notes={c: text(data, c, 5000) for c in NOTE_COLUMNS},
            )
        elif action == "consent":
            await enter_home(ctx, org_id, "children:consent", "create")
            await ConsentService(ctx.session).record(
                await children.get(child_id),
                purpose=text(data, "purpose", 64, required=True),
                guardian_name=text(data, "guardian_name", 100, required=True),
                relation=text(data, "relation", 32, required=True),
                guardian_person_id=integer(data, "guardian_person_id", required=False),
                document=text(data, "document", 300),
                user_id=ctx.user.id,
            )
        elif action == "pair":
            org, viewer = await enter_home(ctx, org_id, "children:pairing", "create")
            require_officer(viewer)
            await PairingService(ctx.session).pair(
                org,
                await children.get(child_id),
                integer(data, "helper_user_id"),
                text(data, "helper_kind", 16, required=True),
                day(data, "started_on", required=False),
            )
        else:
            _org, viewer = await enter_home(ctx, org_id, "children:child", "update")
            require_officer(viewer)
            await children.archive(
                await children.get(child_id),
                text(data, "reason", 16, required=True),
                day(data, "on", required=False),
            )

    return await submit(request, ctx, data, url, work)


PAGES = [index, register, child_page, child_post]
