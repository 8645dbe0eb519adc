"""Console pages of the patrol line, mounted by core under /orgs/{org_id:int}/patrol.

Pages call the same services as the API; a refused form comes back to its page with the
reason as a flash message, and nothing of it is written.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.errors import DomainError
from core.web import csrf
from core.web.i18n import localized
from core.web.render import back, page
from plugins.patrol.services import (
    ActivityService,
    CheckInService,
    MeetingService,
    MemberService,
    MerchantService,
    NotificationService,
    ReportService,
    ShiftService,
    StatsService,
    TeamService,
)
from plugins.patrol.services._common import LOCAL_TZ, as_utc
from plugins.patrol.vocab import TRANSITIONS, vocab

Form = Body(media_type=RequestEncodingType.URL_ENCODED)


def _labels() -> dict:
    return {
        "v": vocab(),
        "transitions": TRANSITIONS,
        "local": lambda dt: as_utc(dt).astimezone(LOCAL_TZ),
    }


@get("/", name="patrol.index", opt={"module_scope": "subtree"})
async def index(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """This year's figures, per team, and the teams."""
    org = await ctx.enter_org(org_id, "patrol:stats", "read")
    today = date.today()
    stats = await StatsService(ctx.session).compute(org, today.replace(month=1, day=1), today)
    teams = await TeamService(ctx.session).list(org)
    return await page(
        request, "patrol/index.html", ctx, org, stats=stats.as_dict(), teams=teams, **_labels()
    )


@get("/checkin", name="patrol.checkin")
async def checkin_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Check members in and out of today's shifts (made for a phone)."""
    org = await ctx.enter_org(org_id, "patrol:checkin", "read")
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date()
    shifts = await ShiftService(ctx.session).list(today, today + timedelta(days=1))
    members = await MemberService(ctx.session).list() if org.level == "community" else []
    open_ = [c for c in await CheckInService(ctx.session).list() if c.checked_out_at is None]
    return await page(
        request,
        "patrol/checkin.html",
        ctx,
        org,
        shifts=shifts,
        members=members,
        open=open_,
        **_labels(),
    )


@post("/checkin", name="patrol.checkin.post")
async def checkin_post(
    request: Request, ctx: RequestContext, org_id: int, data: Annotated[dict[str, str], Form]
) -> Redirect:
    """Check a member in, or (with ``checkin_id``) out."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    url = f"/orgs/{org_id}/patrol/checkin"
    try:
        if data.get("checkin_id"):
            org = await ctx.enter_org(org_id, "patrol:checkin", "update")
            await CheckInService(ctx.session).check_out(org, int(data["checkin_id"]))
            return back(url, "ok", vocab()["pages"]["checked_out"])
        org = await ctx.enter_org(org_id, "patrol:checkin", "create")
        await CheckInService(ctx.session).check_in(
            org, shift_id=int(data.get("shift_id") or 0), member_id=int(data.get("member_id") or 0)
        )
    except (DomainError, ValueError) as exc:
        await ctx.session.rollback()
        return back(url, "error", localized(exc))
    return back(url, "ok", vocab()["pages"]["checked_in"])


@get("/reports", name="patrol.reports")
async def reports_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Reports with their status, a form to file one and buttons to move them on."""
    org = await ctx.enter_org(org_id, "patrol:report", "read")
    reports = await ReportService(ctx.session).list()
    can_update = ctx.can(org, "patrol:report", "update")
    return await page(
        request,
        "patrol/reports.html",
        ctx,
        org,
        reports=reports,
        can_update=can_update,
        now=datetime.now(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M"),
        **_labels(),
    )


@post("/reports", name="patrol.reports.post")
async def reports_post(
    request: Request, ctx: RequestContext, org_id: int, data: Annotated[dict[str, str], Form]
) -> Redirect:
    """File a report, or (with ``report_id``) move one along its status flow."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    url = f"/orgs/{org_id}/patrol/reports"
    try:
        if data.get("report_id"):
            await ctx.enter_org(org_id, "patrol:report", "update")
            await ReportService(ctx.session).transition(
                int(data["report_id"]),
                data.get("to_status", ""),
                ctx.user.id,
                (data.get("note") or "")[:5000],
            )
        else:
            org = await ctx.enter_org(org_id, "patrol:report", "create")
            occurred = datetime.fromisoformat(data.get("occurred_at") or "").replace(
                tzinfo=LOCAL_TZ
            )
            await ReportService(ctx.session).create(
                org,
                category=data.get("category", ""),
                description=(data.get("description") or "")[:5000],
                occurred_at=occurred,
                reported_by=ctx.user.id,
                location=(data.get("location") or "")[:200],
            )
    except (DomainError, ValueError) as exc:
        await ctx.session.rollback()
        return back(url, "error", localized(exc))
    return back(url, "ok", vocab()["pages"]["saved"])


@get("/registers", name="patrol.registers")
async def registers_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Members, activities, the merchant register, joint meetings and the reminder outbox."""
    org = await ctx.enter_org(org_id, "patrol:member", "read")
    return await page(
        request,
        "patrol/registers.html",
        ctx,
        org,
        members=await MemberService(ctx.session).list(),
        activities=await ActivityService(ctx.session).list(),
        merchants=await MerchantService(ctx.session).list(),
        meetings=await MeetingService(ctx.session).list(),
        notifications=await NotificationService(ctx.session).list(limit=50),
        **_labels(),
    )


PAGES = [index, checkin_page, checkin_post, reports_page, reports_post, registers_page]
