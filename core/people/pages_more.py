"""Console pages of the register's other lists: units, consents, the access log, import and export."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template
from sqlalchemy import select

from core.context import RequestContext
from core.people.pages import OBJ, Form, _int, _plugins
from core.people.schemas import unit_out
from core.people.services import ConsentService, PersonService, UnitService
from core.people.spreadsheet import ImportRefused, export_people, import_people, read_rows
from core.privacy import mask_name
from core.privacy.models import AccessLog
from core.web import csrf
from core.web.forms import submit
from core.web.i18n import gettext as _
from core.web.i18n import localized
from core.web.render import back, page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5 * 1024 * 1024
EXPORT_LIMIT = 50_000


@get("/orgs/{org_id:int}/units")
async def units_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Units of the subtree and a form to add one."""
    org = await ctx.enter_org(org_id, "people:unit", "read")
    rows, total = await UnitService(ctx.session).list(
        org, request.query_params.get("q"), None, 1, 100
    )
    return await page(
        request,
        "units.html",
        ctx,
        org,
        units=[unit_out(u) for u in rows],
        total=total,
        can_create=ctx.can(org, "people:unit", "create"),
    )


@post("/orgs/{org_id:int}/units")
async def units_create(
    request: Request, ctx: RequestContext, org_id: int, data: Annotated[dict[str, str], Form]
) -> Redirect:
    """Add a unit from the form."""
    org = await ctx.enter_org(org_id, "people:unit", "create")

    async def work() -> str:
        fields = {
            k: (data.get(k) or "").strip()
            for k in (
                "name",
                "kind",
                "relation",
                "credit_code",
                "address",
                "party_org_name",
                "contact_name",
            )
        }
        fields["contact_phone"] = data.get("contact_phone") or None
        unit = await UnitService(ctx.session).create(org, fields)
        await ctx.audit("people.unit.create", org, "people:unit", str(unit.id), {"name": unit.name})
        return _("Unit added.")

    return await submit(request, ctx, data, f"/orgs/{org_id}/units", work)


@get("/orgs/{org_id:int}/consents")
async def consents_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Guardian consents recorded in the subtree, newest first."""
    org = await ctx.enter_org(org_id, "people:consent", "read")
    consents = await ConsentService(ctx.session, _plugins(ctx)).in_org(org.path)
    return await page(request, "consents.html", ctx, org, consents=consents, mask_name=mask_name)


@get("/orgs/{org_id:int}/people/access-log")
async def access_log_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Every look at full personal data in the subtree: who, when, whom, which fields, why."""
    org = await ctx.enter_org(org_id, OBJ, "read")
    await ctx.require(org, "people:reveal", "read")
    rows = await ctx.session.execute(
        select(AccessLog)
        .where(AccessLog.org_path.startswith(org.path))
        .order_by(AccessLog.at.desc(), AccessLog.id.desc())
        .limit(500)
    )
    return await page(request, "access_log.html", ctx, org, entries=list(rows.scalars()))


@get("/orgs/{org_id:int}/people/import")
async def import_form(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The XLSX upload form and its column headers."""
    org = await ctx.enter_org(org_id, OBJ, "create")
    return await page(request, "people_import.html", ctx, org, errors=[])


@post("/orgs/{org_id:int}/people/import")
async def import_submit(request: Request, ctx: RequestContext, org_id: int) -> Template | Redirect:
    """Register every row of the upload, or none: the page names every bad row."""
    form = await request.form()
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    org = await ctx.enter_org(org_id, OBJ, "create")
    upload = form.get("file")
    data = await upload.read() if upload is not None and not isinstance(upload, str) else b""
    errors: list[dict[str, str]] = []
    if not data or len(data) > MAX_UPLOAD:
        errors = [
            {"row": "", "field": "file", "message": _("Choose an XLSX file of at most 5 MB.")}
        ]
    else:
        try:
            count = await import_people(ctx.session, org, await read_rows(data), _plugins(ctx))
        except ImportRefused as exc:  # refused before the first write: nothing to roll back
            errors = [
                {"row": str(e.row or ""), "field": e.field, "message": localized(e)}
                for e in exc.errors
            ]
        else:
            await ctx.audit("people.person.import", org, OBJ, "", {"rows": count})
            return back(
                f"/orgs/{org_id}/people", "ok", _("Imported %(count)s persons.") % {"count": count}
            )
    return await page(request, "people_import.html", ctx, org, errors=errors, status_code=422)


@get("/orgs/{org_id:int}/people/export.xlsx")
async def export_file(request: Request, ctx: RequestContext, org_id: int) -> Response:
    """The register (or the current search) as a masked XLSX file."""
    org = await ctx.enter_org(org_id, OBJ, "export")
    args = request.query_params
    service = PersonService(ctx.session, _plugins(ctx))
    persons = []
    for number in range(1, EXPORT_LIMIT // 100 + 1):
        rows, total = await service.search(
            org,
            q=args.get("q") or None,
            grid_id=_int(args.get("grid_id")),
            tag=args.get("tag") or None,
            id_number=args.get("id_number") or None,
            phone=args.get("phone") or None,
            page=number,
            page_size=100,
        )
        persons.extend(rows)
        if len(persons) >= total or not rows:
            break
    body = await export_people(
        ctx.session,
        org,
        persons,
        await service.tags_by_person([p.id for p in persons]),
        _plugins(ctx),
    )
    await ctx.audit("people.person.export", org, OBJ, "", {"rows": len(persons), "masked": True})
    name = f"people-{org.id}-{date.today().isoformat()}.xlsx"
    return Response(
        body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
