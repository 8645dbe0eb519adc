"""Console pages of the register: the list with search and paging, a person, a household.

Everything shown is masked; a person's page reveals fields only through its reveal form
(``people:reveal`` and a reason), and the values are rendered once, never stored in a flash.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy import select

from core.context import RequestContext
from core.errors import DomainError
from core.people.models import Household, Person
from core.people.schemas import household_out, person_out
from core.people.services import (
    ConsentService,
    HouseholdService,
    MoveService,
    PersonService,
    check_reveal,
    purposes,
    revealed,
    vocabulary,
)
from core.plugins import get_plugin_manager
from core.privacy import log_access, mask_name
from core.privacy.models import AccessLog
from core.web import csrf
from core.web.forms import reason, submit
from core.web.i18n import gettext as _
from core.web.i18n import pick
from core.web.render import page
from tenants.models import OrgUnit

Form = Body(media_type=RequestEncodingType.URL_ENCODED)
OBJ = "people:person"
PAGE_SIZE = 50


def _plugins(ctx: RequestContext):
    return getattr(ctx.state, "plugins", None) or get_plugin_manager()


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def tags_from_text(text: str, ctx: RequestContext) -> list[dict[str, Any]]:
    """Tags typed as codes or Chinese titles, separated by commas or 、."""
    vocab = vocabulary(_plugins(ctx))
    titles = {t.title_zh: t.code for t in vocab.values()}
    words = [w.strip() for w in text.replace("，", ",").replace("、", ",").split(",") if w.strip()]
    return [{"tag": titles.get(w, w), "since": None, "until": None} for w in words]


async def _grids(ctx: RequestContext, org: OrgUnit) -> list[OrgUnit]:
    rows = await ctx.session.execute(
        select(OrgUnit)
        .where(OrgUnit.path.startswith(org.path), OrgUnit.level == "grid")
        .order_by(OrgUnit.name)
    )
    return list(rows.scalars())


async def _register(request: Request, ctx: RequestContext, org: OrgUnit, args: Any) -> Template:
    filters = {
        "q": args.get("q") or None,
        "grid_id": _int(args.get("grid_id")),
        "tag": args.get("tag") or None,
        "id_number": args.get("id_number") or None,
        "phone": args.get("phone") or None,
    }
    number = max(_int(args.get("page")) or 1, 1)
    service = PersonService(ctx.session, _plugins(ctx))
    error = None
    try:
        rows, total = await service.search(org, **filters, page=number, page_size=PAGE_SIZE)
    except DomainError as exc:
        rows, total, error = [], 0, reason(exc)
    tags = await service.tags_by_person([p.id for p in rows])
    vocab = vocabulary(_plugins(ctx))
    return await page(
        request,
        "people.html",
        ctx,
        org,
        people=[person_out(p, tags[p.id]) for p in rows],
        total=total,
        page_no=number,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        filters=filters,
        error=error,
        grids=await _grids(ctx, org),
        vocab=sorted(vocab.values(), key=lambda t: t.code),
        # Exact ID numbers and phones never go into a link (browser history, proxies' logs).
        query={
            k: v for k, v in filters.items() if v is not None and k not in ("id_number", "phone")
        },
        exact=bool(filters["id_number"] or filters["phone"]),
        can_create=ctx.can(org, OBJ, "create"),
        can_export=ctx.can(org, OBJ, "export"),
        can_units=ctx.can(org, "people:unit", "read"),
        can_consents=ctx.can(org, "people:consent", "read"),
    )


@get("/orgs/{org_id:int}/people")
async def people_list(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The register: search by name, grid or tag; masked, 50 a page."""
    org = await ctx.enter_org(org_id, OBJ, "read")
    return await _register(request, ctx, org, request.query_params)


@post("/orgs/{org_id:int}/people/search")
async def people_search(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The register searched by a posted form, so exact ID numbers and phones stay out of URLs."""
    form = await request.form()
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    org = await ctx.enter_org(org_id, OBJ, "read")
    return await _register(request, ctx, org, form)


@post("/orgs/{org_id:int}/people")
async def people_create(
    request: Request, ctx: RequestContext, org_id: int, data: Annotated[dict[str, str], Form]
) -> Redirect:
    """Register a person from the form on the register page."""
    from core.web.forms import day

    org = await ctx.enter_org(org_id, OBJ, "create")

    async def work() -> str:
        fields: dict[str, Any] = {
            k: (data.get(k) or "").strip()
            for k in (
                "name",
                "gender",
                "id_type",
                "building",
                "unit_no",
                "room",
                "relation_to_head",
            )
        }
        fields["id_type"] = fields["id_type"] or "resident"
        fields["birth_date"] = day(data, "birth_date", required=False)
        fields["id_number"] = data.get("id_number") or None
        fields["phone"] = data.get("phone") or None
        fields["grid_id"] = _int(data.get("grid_id"))
        fields["tags"] = tags_from_text(data.get("tags") or "", ctx)
        person = await PersonService(ctx.session, _plugins(ctx)).create(org, fields)
        await ctx.audit("people.person.create", org, OBJ, str(person.id), {"org_id": person.org_id})
        return _("Registered %(name)s.") % {"name": mask_name(person.name)}

    return await submit(request, ctx, data, f"/orgs/{org_id}/people", work)


async def _person_page(
    request: Request,
    ctx: RequestContext,
    org: OrgUnit,
    person: Person,
    shown: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Template:
    plugins = _plugins(ctx)
    service = PersonService(ctx.session, plugins)
    tags = [t.tag for t in await service.tags_of(person.id)]
    household = (
        await ctx.session.get(Household, person.household_id) if person.household_id else None
    )
    panels = []
    for panel in sorted(
        await plugins.collect_for_org(ctx.session, org, "register_person_panels"),
        key=lambda p: p.order,
    ):
        if panel.permission and not ctx.can(org, *panel.permission):
            continue
        panels.append(
            {
                "title": pick(panel.title_zh, panel.title_en),
                **(await panel.load(ctx.session, person)),
            }
        )
    can_consent = ctx.can(org, "people:consent", "read")
    consents = (
        await ConsentService(ctx.session, plugins).of_person(person.id) if can_consent else []
    )
    log = (
        await ctx.session.execute(
            select(AccessLog)
            .where(AccessLog.person_id == person.id)
            .order_by(AccessLog.at.desc())
            .limit(20)
        )
    ).scalars()
    return await page(
        request,
        "person.html",
        ctx,
        org,
        status_code=status_code,
        person=person_out(person, tags),
        shown=shown or {},
        household=household_out(household) if household else None,
        panels=panels,
        moves=await MoveService(ctx.session).history(person.id),
        consents=consents,
        purposes=sorted(purposes(plugins).values(), key=lambda p: p.code),
        access_log=list(log),
        vocab=vocabulary(plugins),
        can_reveal=ctx.can(org, "people:reveal", "read"),
        can_consent=can_consent,
        can_record=ctx.can(org, "people:consent", "create"),
        mask_name=mask_name,
    )


@get("/orgs/{org_id:int}/people/{person_id:int}")
async def person_page(
    request: Request, ctx: RequestContext, org_id: int, person_id: int
) -> Template:
    """A person, masked, with their tags, household, moves, consents and the modules' panels."""
    org = await ctx.enter_org(org_id, OBJ, "read")
    return await _person_page(request, ctx, org, await PersonService(ctx.session).get(person_id))


@post("/orgs/{org_id:int}/people/{person_id:int}/reveal")
async def person_reveal(
    request: Request, ctx: RequestContext, org_id: int, person_id: int
) -> Template:
    """Show some fields in full for a stated reason (written to the access log and audit)."""
    form = await request.form()
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    org = await ctx.enter_org(org_id, OBJ, "read")
    await ctx.require(org, "people:reveal", "read")
    person = await PersonService(ctx.session).get(person_id)
    try:
        fields = check_reveal(list(form.getall("fields", [])), str(form.get("reason") or ""))
    except DomainError as exc:
        response = await _person_page(request, ctx, org, person, status_code=422)
        response.context["flash"] = {"kind": "error", "text": reason(exc)}
        return response
    await log_access(
        ctx, person, "reveal", fields, str(form.get("reason")).strip(), source="console"
    )
    return await _person_page(request, ctx, org, person, shown=revealed(person, fields))


@post("/orgs/{org_id:int}/people/{person_id:int}/consents")
async def consent_record(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    person_id: int,
    data: Annotated[dict[str, str], Form],
) -> Redirect:
    """Record a guardian's consent from the person's page."""
    org = await ctx.enter_org(org_id, "people:consent", "create")

    async def work() -> str:
        person = await PersonService(ctx.session).get(person_id)
        fields = {
            k: (data.get(k) or "").strip()
            for k in ("purpose", "guardian_name", "relation", "document")
        }
        consent = await ConsentService(ctx.session, _plugins(ctx)).record(
            person, fields, ctx.user.id
        )
        await ctx.audit(
            "people.consent.record",
            org,
            "people:consent",
            str(consent.id),
            {"person_id": person_id, "purpose": consent.purpose},
        )
        return _("Consent recorded.")

    return await submit(request, ctx, data, f"/orgs/{org_id}/people/{person_id}", work)


@post("/orgs/{org_id:int}/people/{person_id:int}/consents/{consent_id:int}/withdraw")
async def consent_withdraw(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    person_id: int,
    consent_id: int,
    data: Annotated[dict[str, str], Form],
) -> Redirect:
    """Withdraw a consent from the person's page."""
    org = await ctx.enter_org(org_id, "people:consent", "update")

    async def work() -> str:
        await PersonService(ctx.session).get(person_id)
        consent = await ConsentService(ctx.session).withdraw(person_id, consent_id)
        await ctx.audit(
            "people.consent.withdraw",
            org,
            "people:consent",
            str(consent.id),
            {"person_id": person_id, "purpose": consent.purpose},
        )
        return _("Consent withdrawn.")

    return await submit(request, ctx, data, f"/orgs/{org_id}/people/{person_id}", work)


@get("/orgs/{org_id:int}/households/{household_id:int}")
async def household_page(
    request: Request, ctx: RequestContext, org_id: int, household_id: int
) -> Template:
    """A household and its members, masked."""
    org = await ctx.enter_org(org_id, "people:household", "read")
    service = HouseholdService(ctx.session)
    household = await service.get(household_id)
    members = await service.members(household.id)
    return await page(
        request,
        "household.html",
        ctx,
        org,
        household=household_out(household),
        members=[person_out(p) for p in members],
    )
