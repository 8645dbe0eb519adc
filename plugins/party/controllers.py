"""HTTP routes of the community side, under /api/v1/orgs/{org_id}/party (HTTP only; logic in services)."""

from __future__ import annotations

from litestar import Controller, Response, get, patch, post

from core.context import RequestContext
from plugins.party.schemas import (
    BallotCreate,
    ClearanceAnswer,
    ClearanceRead,
    ConductCreate,
    ConsultationCreate,
    FeedbackGenerate,
    FeedbackRead,
    MemberCreate,
    MemberRead,
    MemberUpdate,
    OutstandingCreate,
    PostRead,
    QuotaRead,
    RepresentativeCreate,
    ResponseCreate,
    ServiceCreate,
    ServiceRead,
    clearance_read,
    feedback_read,
    member_read,
)
from plugins.party.services import (
    ClearanceService,
    CommunityService,
    EvaluationService,
    FeedbackService,
    LedgerService,
    MemberService,
    feedback_xlsx,
)
from plugins.party.services._common import check_year
from plugins.party.services.stats import PartyStats

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def service_read(i) -> ServiceRead:
    """The API shape of a ledger item."""
    return ServiceRead(
        id=i.id,
        member_id=i.member_id,
        year=i.year,
        served_on=i.served_on,
        title=i.title,
        hours=i.hours,
        source=i.source,
        ref=i.ref,
        reversed=i.reversed,
    )


class MemberController(Controller):
    """Report-in, confirmation, posts and the volunteer team."""

    path = "/members"

    @get("/", operation_id="PartyListMembers")
    async def list_members(
        self, ctx: RequestContext, org_id: int, status: str | None = None
    ) -> list[MemberRead]:
        """Registrations at the community (``status``: pending or confirmed)."""
        await ctx.enter_org(org_id, "party:member", "read")
        return [member_read(m, p) for m, p in await MemberService(ctx.session).list(status)]

    @post("/", operation_id="PartyReportIn")
    async def report_in(self, ctx: RequestContext, org_id: int, data: MemberCreate) -> MemberRead:
        """A member reports in where they live (pending until the community confirms)."""
        org = await ctx.enter_org(org_id, "party:member", "create")
        service = MemberService(ctx.session)
        member = await service.report_in(
            org,
            person_id=data.person_id,
            unit_id=data.unit_id,
            position=data.position,
            skills=data.skills,
            interests=data.interests,
        )
        await ctx.audit(
            "party.report_in", org, "party:member", str(member.id), {"unit_id": data.unit_id}
        )
        return member_read(member, await service.person_in_scope(member.person_id))

    @post("/{member_id:int}/confirm", operation_id="PartyConfirmMember", status_code=200)
    async def confirm(self, ctx: RequestContext, org_id: int, member_id: int) -> MemberRead:
        """The community confirms a report-in."""
        org = await ctx.enter_org(org_id, "party:member", "approve")
        service = MemberService(ctx.session)
        member = await service.confirm(member_id, ctx.user.id)
        await ctx.audit("party.confirm", org, "party:member", str(member.id))
        return member_read(member, await service.person_in_scope(member.person_id))

    @patch("/{member_id:int}", operation_id="PartyUpdateMember")
    async def update(
        self, ctx: RequestContext, org_id: int, member_id: int, data: MemberUpdate
    ) -> MemberRead:
        """Claim a post, join or leave the party-member volunteer team."""
        await ctx.enter_org(org_id, "party:member", "update")
        service = MemberService(ctx.session)
        member = await service.update(
            member_id, post_id=data.post_id, in_team=data.in_team, clear_post=data.clear_post
        )
        return member_read(member, await service.person_in_scope(member.person_id))


@get("/posts", operation_id="PartyListPosts")
async def list_posts(ctx: RequestContext, org_id: int) -> list[PostRead]:
    """The community's service posts."""
    await ctx.enter_org(org_id, "party:post", "read")
    return [
        PostRead(id=p.id, name=p.name, position=p.position)
        for p in await MemberService(ctx.session).posts()
    ]


class LedgerController(Controller):
    """The service ledger and the yearly quota."""

    path = "/services"

    @get("/", operation_id="PartyListServices")
    async def list_services(
        self,
        ctx: RequestContext,
        org_id: int,
        year: int | None = None,
        member_id: int | None = None,
    ) -> list[ServiceRead]:
        """Ledger items of a year (default: this year)."""
        await ctx.enter_org(org_id, "party:service", "read")
        items = await LedgerService(ctx.session).items(check_year(year), member_id)
        return [service_read(i) for i in items]

    @post("/", operation_id="PartyRecordService")
    async def record(self, ctx: RequestContext, org_id: int, data: ServiceCreate) -> ServiceRead:
        """A service item the community confirms."""
        await ctx.enter_org(org_id, "party:service", "create")
        item = await LedgerService(ctx.session).record(
            data.member_id,
            served_on=data.served_on,
            title=data.title,
            hours=data.hours,
            user_id=ctx.user.id,
        )
        return service_read(item)

    @get("/quota", operation_id="PartyQuota")
    async def quota(
        self, ctx: RequestContext, org_id: int, year: int | None = None
    ) -> list[QuotaRead]:
        """Every confirmed member's items and hours of a year against the minimum and target."""
        org = await ctx.enter_org(org_id, "party:service", "read")
        lines = await LedgerService(ctx.session).quota(org, check_year(year))
        return [
            QuotaRead(
                member_id=q.member_id,
                items=q.items,
                hours=q.hours,
                minimum=q.minimum,
                target=q.target,
                below_minimum=q.below_minimum,
            )
            for q in lines
        ]


class CommunityController(Controller):
    """Consultations and conduct."""

    path = "/"

    @get("/consultations", operation_id="PartyListConsultations")
    async def consultations(self, ctx: RequestContext, org_id: int) -> list[dict]:
        """Consultations with their responses."""
        await ctx.enter_org(org_id, "party:consultation", "read")
        return [
            {
                "id": c.id,
                "title": c.title,
                "body": c.body,
                "due_on": c.due_on,
                "responses": [{"member_id": r.member_id, "response": r.response} for r in rs],
            }
            for c, rs in await CommunityService(ctx.session).consultations()
        ]

    @post("/consultations", operation_id="PartyConsult")
    async def consult(self, ctx: RequestContext, org_id: int, data: ConsultationCreate) -> dict:
        """Open a consultation on a major affair."""
        org = await ctx.enter_org(org_id, "party:consultation", "create")
        row = await CommunityService(ctx.session).consult(
            org, title=data.title, body=data.body, due_on=data.due_on, user_id=ctx.user.id
        )
        return {"id": row.id, "title": row.title, "due_on": row.due_on}

    @post("/consultations/{consultation_id:int}/responses", operation_id="PartyRespond")
    async def respond(
        self, ctx: RequestContext, org_id: int, consultation_id: int, data: ResponseCreate
    ) -> dict:
        """Record a member's answer."""
        await ctx.enter_org(org_id, "party:consultation", "update")
        row = await CommunityService(ctx.session).respond(
            consultation_id, member_id=data.member_id, response=data.response
        )
        return {"id": row.id, "consultation_id": row.consultation_id, "member_id": row.member_id}

    @get("/conduct", operation_id="PartyListConduct")
    async def conduct(
        self, ctx: RequestContext, org_id: int, member_id: int | None = None
    ) -> list[dict]:
        """Conduct records outside work."""
        await ctx.enter_org(org_id, "party:conduct", "read")
        return [
            {
                "id": c.id,
                "member_id": c.member_id,
                "occurred_on": c.occurred_on,
                "kind": c.kind,
                "note": c.note,
            }
            for c in await CommunityService(ctx.session).conduct(member_id)
        ]

    @post("/conduct", operation_id="PartyRecordConduct")
    async def record_conduct(self, ctx: RequestContext, org_id: int, data: ConductCreate) -> dict:
        """Record conduct outside work."""
        org = await ctx.enter_org(org_id, "party:conduct", "create")
        row = await CommunityService(ctx.session).record_conduct(
            member_id=data.member_id,
            occurred_on=data.occurred_on,
            kind=data.kind,
            note=data.note,
            user_id=ctx.user.id,
        )
        await ctx.audit("party.conduct", org, "party:conduct", str(row.id), {"kind": row.kind})
        return {"id": row.id, "member_id": row.member_id, "kind": row.kind}


class EvaluationController(Controller):
    """Representatives, ballots, the tally and outstanding members."""

    path = "/evaluations"

    @get("/", operation_id="PartyTally")
    async def tally(self, ctx: RequestContext, org_id: int, year: int | None = None) -> list[dict]:
        """Each member's ballots of a year and the result."""
        await ctx.enter_org(org_id, "party:evaluation", "read")
        tallies = await EvaluationService(ctx.session).tally(check_year(year))
        return [
            {
                "member_id": t.member_id,
                "counts": t.counts,
                "ballots": t.ballots,
                "result": t.result,
                "outstanding": t.outstanding,
            }
            for t in tallies.values()
        ]

    @get("/representatives", operation_id="PartyListRepresentatives")
    async def representatives(
        self, ctx: RequestContext, org_id: int, year: int | None = None
    ) -> list[dict]:
        """Representatives of a year."""
        await ctx.enter_org(org_id, "party:evaluation", "read")
        return [
            {"id": r.id, "user_id": r.user_id, "kind": r.kind, "year": r.year}
            for r in await EvaluationService(ctx.session).representatives(check_year(year))
        ]

    @post("/representatives", operation_id="PartyAddRepresentative")
    async def add_representative(
        self, ctx: RequestContext, org_id: int, data: RepresentativeCreate
    ) -> dict:
        """Name an account a residents' or party-member representative for a year."""
        org = await ctx.enter_org(org_id, "party:evaluation", "create")
        rep = await EvaluationService(ctx.session).add_representative(
            org, year=check_year(data.year), kind=data.kind, user_id=data.user_id
        )
        return {"id": rep.id, "user_id": rep.user_id, "kind": rep.kind, "year": rep.year}

    @post("/ballots", operation_id="PartyVote")
    async def vote(self, ctx: RequestContext, org_id: int, data: BallotCreate) -> dict:
        """The caller's ballot: representatives only, one per member per year."""
        org = await ctx.enter_org(org_id, "party:ballot", "create")
        ballot = await EvaluationService(ctx.session).vote(
            org,
            year=check_year(data.year),
            member_id=data.member_id,
            grade=data.grade,
            user_id=ctx.user.id,
        )
        return {
            "id": ballot.id,
            "member_id": ballot.member_id,
            "year": ballot.year,
            "grade": ballot.grade,
        }

    @post("/outstanding", operation_id="PartyNameOutstanding")
    async def outstanding(self, ctx: RequestContext, org_id: int, data: OutstandingCreate) -> dict:
        """Name a member rated 优秀 an outstanding member of the year."""
        org = await ctx.enter_org(org_id, "party:evaluation", "approve")
        row = await EvaluationService(ctx.session).name_outstanding(
            year=check_year(data.year), member_id=data.member_id, user_id=ctx.user.id
        )
        await ctx.audit(
            "party.outstanding", org, "party:member", str(row.member_id), {"year": row.year}
        )
        return {"member_id": row.member_id, "year": row.year}


class FeedbackController(Controller):
    """Yearly feedback forms: build, read, XLSX, send to the unit's inbox."""

    path = "/feedback"

    @get("/", operation_id="PartyListFeedback")
    async def list_forms(
        self, ctx: RequestContext, org_id: int, year: int | None = None
    ) -> list[FeedbackRead]:
        """Forms of the community."""
        await ctx.enter_org(org_id, "party:feedback", "read")
        return [feedback_read(f) for f in await FeedbackService(ctx.session).list(year)]

    @post("/", operation_id="PartyBuildFeedback", status_code=200)
    async def build(
        self, ctx: RequestContext, org_id: int, data: FeedbackGenerate
    ) -> list[FeedbackRead]:
        """Build (or rebuild, while unsent) every confirmed member's form of a year."""
        org = await ctx.enter_org(org_id, "party:feedback", "create")
        return [
            feedback_read(f)
            for f in await FeedbackService(ctx.session).generate(org, check_year(data.year))
        ]

    @get("/{feedback_id:int}", operation_id="PartyGetFeedback")
    async def get_form(self, ctx: RequestContext, org_id: int, feedback_id: int) -> FeedbackRead:
        """One form."""
        await ctx.enter_org(org_id, "party:feedback", "read")
        return feedback_read(await FeedbackService(ctx.session).get(feedback_id))

    @get("/{feedback_id:int}/xlsx", operation_id="PartyFeedbackXlsx")
    async def xlsx(self, ctx: RequestContext, org_id: int, feedback_id: int) -> Response[bytes]:
        """The form as a workbook."""
        await ctx.enter_org(org_id, "party:feedback", "read")
        form = await FeedbackService(ctx.session).get(feedback_id)
        return Response(
            feedback_xlsx(form.content),
            media_type=XLSX,
            headers={
                "Content-Disposition": f'attachment; filename="feedback-{form.year}-{form.id}.xlsx"'
            },
        )

    @post("/{feedback_id:int}/send", operation_id="PartySendFeedback", status_code=200)
    async def send(self, ctx: RequestContext, org_id: int, feedback_id: int) -> FeedbackRead:
        """Put the form in the unit's inbox."""
        org = await ctx.enter_org(org_id, "party:feedback", "update")
        form = await FeedbackService(ctx.session).send(feedback_id)
        await ctx.audit(
            "party.feedback.send", org, "party:feedback", str(form.id), {"unit_id": form.unit_id}
        )
        return feedback_read(form)


class ClearanceController(Controller):
    """Questions from units before promotions and awards, and the community's answers."""

    path = "/clearances"

    @get("/", operation_id="PartyListClearances")
    async def list_clearances(self, ctx: RequestContext, org_id: int) -> list[ClearanceRead]:
        """Questions about the community's members."""
        await ctx.enter_org(org_id, "party:clearance", "read")
        return [clearance_read(c) for c in await ClearanceService(ctx.session).list()]

    @post("/{clearance_id:int}/answer", operation_id="PartyAnswerClearance", status_code=200)
    async def answer(
        self, ctx: RequestContext, org_id: int, clearance_id: int, data: ClearanceAnswer
    ) -> ClearanceRead:
        """Clear or refuse (a member rated 不合格 that year cannot be cleared)."""
        org = await ctx.enter_org(org_id, "party:clearance", "approve")
        row = await ClearanceService(ctx.session).answer(
            clearance_id, cleared=data.cleared, answer=data.answer, user_id=ctx.user.id
        )
        await ctx.audit(
            "party.clearance.answer", org, "party:clearance", str(row.id), {"status": row.status}
        )
        return clearance_read(row)


@get("/stats", operation_id="PartyStats", opt={"module_scope": "subtree"})
async def stats(ctx: RequestContext, org_id: int, year: int | None = None) -> dict:
    """Figures of the year here and per child org (a street or city reads its communities')."""
    org = await ctx.enter_org(org_id, "party:stats", "read")
    return await PartyStats(ctx.session).compute(org, check_year(year))


ROUTES = [
    stats,
    MemberController,
    list_posts,
    LedgerController,
    CommunityController,
    EvaluationController,
    FeedbackController,
    ClearanceController,
]
