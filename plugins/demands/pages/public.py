"""Public pages for residents without an account: submit, track with code and phone, rate, 七公开.

No login: the handlers take the plain request session, scope it to the community themselves,
check the CSRF token on every post and count every post against the rate limits. A look-up
shows one demand's status and the messages written to its resident, nothing else.
"""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from core.context import client_ip
from core.errors import DomainError
from core.web import csrf
from core.web.forms import FormData, reason
from core.web.render import page
from plugins.demands.services import DisclosureService, PublicService, check_rate
from plugins.demands.services._common import config_of
from plugins.demands.vocab import label, vocab
from tenants.models import OrgUnit
from tenants.scoping import set_scope

PUBLIC = {"module_access": "public"}  # no account needed (the module guard still 404s when off)


async def _community(session: AsyncSession, org_id: int) -> OrgUnit:
    """The community whose public page this is, the session scoped to it (404 otherwise)."""
    org = await session.get(OrgUnit, org_id) if 0 < org_id < 2**31 else None
    if org is None or org.level != "community":
        raise NotFoundException(detail=f"org {org_id} has no public demand page")
    set_scope(session, org.path)
    return org


def _ctx(org: OrgUnit, config: dict, **more) -> dict:
    cats = [
        (c, config.get("category_labels", {}).get(c) or label("categories", c))
        for c in config["categories"]
    ]
    return {"community": org, "v": vocab(), "label": label, "categories": cats, **more}


async def _show(
    request: Request, template: str, org: OrgUnit, config: dict, status: int = 200, **more
) -> Template:
    return await page(
        request, template, None, None, status_code=status, **_ctx(org, config, **more)
    )


@get("/public", name="demands.public", opt=PUBLIC)
async def public_form(request: Request, db_session: AsyncSession, org_id: int) -> Template:
    """The resident's form: name, phone, category, what it is about."""
    org = await _community(db_session, org_id)
    return await _show(
        request, "demands/public.html", org, await config_of(db_session, org), form={}
    )


@post("/public", name="demands.public.post", opt=PUBLIC)
async def public_submit(
    request: Request, db_session: AsyncSession, org_id: int, data: FormData
) -> Template:
    """Take the resident's demand in and show its tracking code."""
    org = await _community(db_session, org_id)
    config = await config_of(db_session, org)
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    settings = request.app.state.settings
    try:
        await check_rate(
            settings, config["public_submit_limit"], "submit", f"{org.id}:{client_ip(request)}"
        )
        demand = await PublicService(db_session).submit(
            org,
            data.get("contact_name", ""),
            data.get("contact_phone", ""),
            data.get("category", ""),
            (data.get("content") or "")[:5000],
        )
    except DomainError as exc:
        await db_session.rollback()  # expires every loaded row: load the org again
        org = await _community(db_session, org_id)
        return await _show(
            request,
            "demands/public.html",
            org,
            config,
            status=exc.status,
            error=reason(exc),
            form=data,
        )
    return await _show(request, "demands/public_receipt.html", org, config, demand=demand)


@get("/public/track", name="demands.public.track", opt=PUBLIC)
async def track_form(request: Request, db_session: AsyncSession, org_id: int) -> Template:
    """Look a demand up with its tracking code and the last four digits of the phone."""
    org = await _community(db_session, org_id)
    return await _show(request, "demands/public_track.html", org, await config_of(db_session, org))


async def _status(
    request: Request, db_session: AsyncSession, org_id: int, data: dict, rate: bool
) -> Template:
    """Look up (or rate) and show the status page; a refusal shows the form again."""
    org = await _community(db_session, org_id)
    config = await config_of(db_session, org)
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    settings = request.app.state.settings
    code = (data.get("tracking_code") or "").strip().upper()[:16]
    service = PublicService(db_session)
    try:
        await check_rate(
            settings, config["public_lookup_limit"], "lookup", f"{org.id}:{client_ip(request)}"
        )
        await check_rate(settings, config["public_lookup_limit"], "lookup-code", code or "-")
        if rate:
            demand = await service.rate(
                code, data.get("last4", ""), data.get("rating", ""), data.get("note", "")
            )
        else:
            demand = await service.lookup(code, data.get("last4", ""))
    except DomainError as exc:
        await db_session.rollback()  # expires every loaded row: load the org again
        org = await _community(db_session, org_id)
        return await _show(
            request,
            "demands/public_track.html",
            org,
            config,
            status=exc.status,
            error=reason(exc),
            code=code,
        )
    return await _show(
        request,
        "demands/public_status.html",
        org,
        config,
        demand=demand,
        messages=await service.messages(demand),
        last4=data.get("last4", ""),
        rated=rate,
    )


@post("/public/track", name="demands.public.track.post", opt=PUBLIC)
async def track_submit(
    request: Request, db_session: AsyncSession, org_id: int, data: FormData
) -> Template:
    """The demand's status and the messages to its resident, if code and phone match."""
    return await _status(request, db_session, org_id, data, rate=False)


@post("/public/rate", name="demands.public.rate", opt=PUBLIC)
async def rate_submit(
    request: Request, db_session: AsyncSession, org_id: int, data: FormData
) -> Template:
    """The resident rates their closed demand (code and phone again)."""
    return await _status(request, db_session, org_id, data, rate=True)


@get("/public/open", name="demands.public.open", opt=PUBLIC)
async def open_page(request: Request, db_session: AsyncSession, org_id: int) -> Template:
    """七公开: procedures, basis, standards, time limits, discipline, results, responsible persons."""
    org = await _community(db_session, org_id)
    items = await DisclosureService(db_session).read(org)
    return await _show(
        request, "demands/public_open.html", org, await config_of(db_session, org), items=items
    )


PAGES = [public_form, public_submit, track_form, track_submit, rate_submit, open_page]
