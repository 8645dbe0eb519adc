"""The community's party pages: members, ledger, evaluation, feedback forms, clearances."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.web.render import page
from plugins.party.pages._common import FormData, day, integer, labels, submit, text
from plugins.party.services import (
    ClearanceService,
    CommunityService,
    EvaluationService,
    FeedbackService,
    LedgerService,
    MemberService,
)
from plugins.party.services._common import this_year
from plugins.party.services.members import unit_names


async def _members(ctx: RequestContext) -> tuple[list, dict[int, str]]:
    rows = await MemberService(ctx.session).list()
    return rows, await unit_names(ctx.session, {m.unit_id for m, _ in rows})


@get("/", name="party.index")
async def index(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Members who reported in, confirmation, posts and the volunteer team; the report-in form."""
    org = await ctx.enter_org(org_id, "party:member", "read")
    rows, units = await _members(ctx)
    return await page(
        request,
        "party/index.html",
        ctx,
        org,
        members=rows,
        units=units,
        posts=await MemberService(ctx.session).posts(),
        **labels(ctx, org),
    )


@post("/", name="party.index.post")
async def index_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Report in, confirm, or claim a post / join the team."""

    async def work() -> None:
        service = MemberService(ctx.session)
        action = data.get("action")
        if action == "confirm":
            await ctx.enter_org(org_id, "party:member", "approve")
            await service.confirm(integer(data, "member_id"), ctx.user.id)
        elif action == "update":
            await ctx.enter_org(org_id, "party:member", "update")
            post_id = integer(data, "post_id", required=False)
            await service.update(
                integer(data, "member_id"),
                post_id=post_id,
                clear_post=post_id is None,
                in_team=data.get("in_team") == "on",
            )
        else:
            org = await ctx.enter_org(org_id, "party:member", "create")
            await service.report_in(
                org,
                person_id=integer(data, "person_id"),
                unit_id=integer(data, "unit_id"),
                position=text(data, "position", 100),
                skills=text(data, "skills", 500),
                interests=text(data, "interests", 500),
            )

    return await submit(request, ctx, data, f"/orgs/{org_id}/party/", work)


@get("/ledger", name="party.ledger")
async def ledger(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """This year's quota per member, service items, consultations and conduct."""
    org = await ctx.enter_org(org_id, "party:service", "read")
    year = this_year()
    rows, units = await _members(ctx)
    return await page(
        request,
        "party/ledger.html",
        ctx,
        org,
        year=year,
        members=rows,
        units=units,
        quota={q.member_id: q for q in await LedgerService(ctx.session).quota(org, year)},
        items=await LedgerService(ctx.session).items(year),
        consultations=await CommunityService(ctx.session).consultations(),
        **labels(ctx, org),
    )


@post("/ledger", name="party.ledger.post")
async def ledger_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Record a service item, a consultation, an answer or a conduct note."""

    async def work() -> None:
        action = data.get("action")
        if action == "consult":
            org = await ctx.enter_org(org_id, "party:consultation", "create")
            await CommunityService(ctx.session).consult(
                org,
                title=text(data, "title", 200, required=True),
                body=text(data, "body", 5000),
                due_on=day(data, "due_on", required=False),
                user_id=ctx.user.id,
            )
        elif action == "respond":
            await ctx.enter_org(org_id, "party:consultation", "update")
            await CommunityService(ctx.session).respond(
                integer(data, "consultation_id"),
                member_id=integer(data, "member_id"),
                response=text(data, "response", 5000, required=True),
            )
        elif action == "conduct":
            await ctx.enter_org(org_id, "party:conduct", "create")
            await CommunityService(ctx.session).record_conduct(
                member_id=integer(data, "member_id"),
                occurred_on=day(data, "occurred_on"),
                kind=text(data, "kind", 16, required=True),
                note=text(data, "note", 5000),
                user_id=ctx.user.id,
            )
        else:
            await ctx.enter_org(org_id, "party:service", "create")
            await LedgerService(ctx.session).record(
                integer(data, "member_id"),
                served_on=day(data, "served_on"),
                title=text(data, "title", 200, required=True),
                hours=float(integer(data, "hours", minimum=0, maximum=24)),
                user_id=ctx.user.id,
            )

    return await submit(request, ctx, data, f"/orgs/{org_id}/party/ledger", work)


@get("/evaluations", name="party.evaluations")
async def evaluations(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Representatives, the tally of this year, outstanding members; a ballot form for representatives."""
    # Representatives (party members, residents) only vote here; staff read the tally.
    reads = ctx.can(await ctx.get_org(org_id), "party:evaluation", "read")
    org = await ctx.enter_org(
        org_id, *(("party:evaluation", "read") if reads else ("party:ballot", "create"))
    )
    year = this_year()
    service = EvaluationService(ctx.session)
    rows, units = await _members(ctx)
    return await page(
        request,
        "party/evaluations.html",
        ctx,
        org,
        year=year,
        members=rows,
        units=units,
        tally=await service.tally(year),
        representatives=await service.representatives(year),
        **labels(ctx, org),
    )


@post("/evaluations", name="party.evaluations.post")
async def evaluations_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Name a representative, cast a ballot, or name an outstanding member."""

    async def work() -> None:
        service, year, action = EvaluationService(ctx.session), this_year(), data.get("action")
        if action == "representative":
            org = await ctx.enter_org(org_id, "party:evaluation", "create")
            await service.add_representative(
                org,
                year=year,
                kind=text(data, "kind", 16, required=True),
                user_id=integer(data, "user_id"),
            )
        elif action == "outstanding":
            await ctx.enter_org(org_id, "party:evaluation", "approve")
            await service.name_outstanding(
                year=year, member_id=integer(data, "member_id"), user_id=ctx.user.id
            )
        else:
            org = await ctx.enter_org(org_id, "party:ballot", "create")
            await service.vote(
                org,
                year=year,
                member_id=integer(data, "member_id"),
                grade=text(data, "grade", 24, required=True),
                user_id=ctx.user.id,
            )

    return await submit(request, ctx, data, f"/orgs/{org_id}/party/evaluations", work)


@get("/feedback", name="party.feedback")
async def feedback(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """This year's feedback forms with their delivery record."""
    org = await ctx.enter_org(org_id, "party:feedback", "read")
    rows, units = await _members(ctx)
    return await page(
        request,
        "party/feedback.html",
        ctx,
        org,
        year=this_year(),
        units=units,
        forms=await FeedbackService(ctx.session).list(),
        **labels(ctx, org),
    )


@post("/feedback", name="party.feedback.post")
async def feedback_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Build this year's forms, or send one to its unit's inbox."""

    async def work() -> None:
        if data.get("action") == "send":
            await ctx.enter_org(org_id, "party:feedback", "update")
            await FeedbackService(ctx.session).send(integer(data, "feedback_id"))
        else:
            org = await ctx.enter_org(org_id, "party:feedback", "create")
            await FeedbackService(ctx.session).generate(org, this_year())

    return await submit(request, ctx, data, f"/orgs/{org_id}/party/feedback", work)


@get("/feedback/{feedback_id:int}", name="party.feedback.print")
async def feedback_print(
    request: Request, ctx: RequestContext, org_id: int, feedback_id: int
) -> Template:
    """The printable form."""
    org = await ctx.enter_org(org_id, "party:feedback", "read")
    form = await FeedbackService(ctx.session).get(feedback_id)
    return await page(
        request,
        "party/feedback_print.html",
        ctx,
        org,
        form=form,
        c=form.content,
        xlsx=f"/api/v1/orgs/{org_id}/party/feedback/{form.id}/xlsx",
        **labels(ctx, org),
    )


@get("/clearances", name="party.clearances")
async def clearances(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Questions from units before promotions and awards, with the answer forms."""
    org = await ctx.enter_org(org_id, "party:clearance", "read")
    rows, units = await _members(ctx)
    return await page(
        request,
        "party/clearances.html",
        ctx,
        org,
        units=units,
        people={m.id: p for m, p in rows},
        items=await ClearanceService(ctx.session).list(),
        **labels(ctx, org),
    )


@post("/clearances", name="party.clearances.post")
async def clearances_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Answer a question: cleared, or not with the reason."""

    async def work() -> None:
        await ctx.enter_org(org_id, "party:clearance", "approve")
        await ClearanceService(ctx.session).answer(
            integer(data, "clearance_id"),
            cleared=data.get("cleared") == "yes",
            answer=text(data, "answer", 1000),
            user_id=ctx.user.id,
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/party/clearances", work)


PAGES = [
    index,
    index_post,
    ledger,
    ledger_post,
    evaluations,
    evaluations_post,
    feedback,
    feedback_post,
    feedback_print,
    clearances,
    clearances_post,
]
