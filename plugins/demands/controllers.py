"""The pipeline's JSON API, mounted by core under /api/v1/orgs/{org_id:int}/demands.

Every handler enters the org first (404 unknown org, 403 no right, then the session is scoped
to the org's subtree) and hands the work to a service. The street's queue and the figures
are marked ``module_scope: subtree``: a street answers its communities' escalated demands
whether or not it runs the module itself.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Response, get, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body

from core.context import RequestContext
from core.localtime import local_today
from core.partners.services import unit_in_org
from plugins.demands import schemas as s
from plugins.demands.services import (
    DemandService,
    DiaryService,
    DisclosureService,
    HandlingService,
    PhotoService,
    StatsService,
    SupervisionService,
    TopicService,
    stats_workbook,
)

Row = dict[str, Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUBTREE = {"module_scope": "subtree"}


def period(start: date | None, end: date | None) -> tuple[date, date]:
    """The asked period, defaulting to the current year up to today."""
    end = end or local_today()
    return start or end.replace(month=1, day=1), end


async def _out(service: DemandService, demand) -> Row:
    return s.demand_out(demand, await service.person(demand))


class DemandController(Controller):
    """Intake, disposition, closing and rating of demands."""

    path = "/demands"
    tags = ["demands"]

    @post("/", operation_id="CreateDemand")
    async def create(self, ctx: RequestContext, org_id: int, data: s.DemandCreate) -> Row:
        """Take a demand in; the answer carries its ``tracking_code``."""
        org = await ctx.enter_org(org_id, "demands:demand", "create")
        service = DemandService(ctx.session)
        demand = await service.create(org, by_user_id=ctx.user.id, **msgspec_fields(data))
        await ctx.audit(
            "demands.create", org, "demands:demand", str(demand.id), {"channel": demand.channel}
        )
        return await _out(service, demand)

    @get("/", operation_id="ListDemands")
    async def list_demands(
        self, ctx: RequestContext, org_id: int, status: str | None = None, open_only: bool = False
    ) -> list[Row]:
        """Demands of the subtree, newest first."""
        await ctx.enter_org(org_id, "demands:demand", "read")
        service = DemandService(ctx.session)
        return [await _out(service, d) for d in await service.list(status, open_only=open_only)]

    @get("/{demand_id:int}", operation_id="GetDemand")
    async def read(self, ctx: RequestContext, org_id: int, demand_id: int) -> Row:
        """One demand with its history and supervision order."""
        await ctx.enter_org(org_id, "demands:demand", "read")
        service = DemandService(ctx.session)
        out = await _out(service, await service.get(demand_id))
        out["steps"] = [s.dump(x, *s.STEP) for x in await service.steps(demand_id)]
        orders = [o for o, d in await SupervisionService(ctx.session).list() if d.id == demand_id]
        out["supervision"] = s.dump(orders[0], *s.SUPERVISION) if orders else None
        out["photos"] = [
            s.dump(p, *s.PHOTO) for p in await PhotoService(ctx.session).list(demand_id)
        ]
        return out

    @post("/{demand_id:int}/photos", operation_id="AddDemandPhoto")
    async def add_photo(
        self,
        ctx: RequestContext,
        org_id: int,
        demand_id: int,
        data: Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Row:
        """Attach a photo (JPEG, PNG or WebP, at most 5 MB, six per demand)."""
        from plugins.demands.services.photos import MAX_BYTES

        await ctx.enter_org(org_id, "demands:demand", "update")
        content = await data.read(MAX_BYTES + 1)
        photo = await PhotoService(ctx.session).add(demand_id, content, ctx.user.id)
        return s.dump(photo, *s.PHOTO)

    @get("/{demand_id:int}/photos/{photo_id:int}", operation_id="GetDemandPhoto")
    async def photo(
        self, ctx: RequestContext, org_id: int, demand_id: int, photo_id: int
    ) -> Response[bytes]:
        """The bytes of one photo."""
        await ctx.enter_org(org_id, "demands:demand", "read")
        found = await PhotoService(ctx.session).get(demand_id, photo_id)
        return Response(
            found.data, media_type=found.content_type, headers={"X-Content-Type-Options": "nosniff"}
        )

    @post("/{demand_id:int}/disposition", operation_id="DisposeDemand", status_code=200)
    async def dispose(
        self, ctx: RequestContext, org_id: int, demand_id: int, data: s.Disposition
    ) -> Row:
        """Choose one of the five dispositions."""
        org = await ctx.enter_org(org_id, "demands:demand", "update")
        fields = msgspec_fields(data)
        demand = await HandlingService(ctx.session).dispose(
            demand_id, by_user_id=ctx.user.id, **fields
        )
        await ctx.audit(
            "demands.dispose", org, "demands:demand", str(demand.id), {"kind": data.kind}
        )
        return await _out(DemandService(ctx.session), demand)

    @post("/{demand_id:int}/close", operation_id="CloseDemand", status_code=200)
    async def close(self, ctx: RequestContext, org_id: int, demand_id: int, data: s.Close) -> Row:
        """销号: close a solved demand (the solution is required)."""
        org = await ctx.enter_org(org_id, "demands:demand", "update")
        demand = await HandlingService(ctx.session).close(
            demand_id, data.solution, ctx.user.id, data.closed_on
        )
        await ctx.audit("demands.close", org, "demands:demand", str(demand.id))
        return await _out(DemandService(ctx.session), demand)

    @post("/{demand_id:int}/rating", operation_id="RateDemand", status_code=200)
    async def rate(self, ctx: RequestContext, org_id: int, demand_id: int, data: s.RatingIn) -> Row:
        """Record the resident's rating (taken by phone or at the window)."""
        await ctx.enter_org(org_id, "demands:demand", "update")
        demand = await HandlingService(ctx.session).rate(
            demand_id, data.rating, data.note, ctx.user.id
        )
        return await _out(DemandService(ctx.session), demand)


class QueueController(Controller):
    """The escalated demands a street (or city) holds: answer them or send them further up."""

    path = "/queue"
    tags = ["demands"]

    @get("/", operation_id="ListDemandQueue", opt=SUBTREE)
    async def queue(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Demands escalated to this org, oldest first."""
        org = await ctx.enter_org(org_id, "demands:escalation", "read")
        service = DemandService(ctx.session)
        return [await _out(service, d) for d in await HandlingService(ctx.session).queue(org)]

    @post(
        "/{demand_id:int}/answer",
        operation_id="AnswerEscalatedDemand",
        status_code=200,
        opt=SUBTREE,
    )
    async def answer(self, ctx: RequestContext, org_id: int, demand_id: int, data: s.Answer) -> Row:
        """Answer an escalated demand; the community's reply clock starts."""
        org = await ctx.enter_org(org_id, "demands:escalation", "update")
        demand = await HandlingService(ctx.session).answer(
            org, demand_id, data.answer, ctx.user.id, data.answered_on
        )
        await ctx.audit("demands.answer", org, "demands:demand", str(demand.id))
        return await _out(DemandService(ctx.session), demand)

    @post(
        "/{demand_id:int}/forward",
        operation_id="ForwardEscalatedDemand",
        status_code=200,
        opt=SUBTREE,
    )
    async def forward(
        self, ctx: RequestContext, org_id: int, demand_id: int, data: s.Forward
    ) -> Row:
        """Send an escalated demand up to this org's superior."""
        org = await ctx.enter_org(org_id, "demands:escalation", "update")
        demand = await HandlingService(ctx.session).forward(org, demand_id, data.note, ctx.user.id)
        await ctx.audit("demands.forward", org, "demands:demand", str(demand.id))
        return await _out(DemandService(ctx.session), demand)

    @post(
        "/{demand_id:int}/hand-off",
        operation_id="HandEscalatedDemandToUnit",
        status_code=200,
        opt=SUBTREE,
    )
    async def hand_off(
        self, ctx: RequestContext, org_id: int, demand_id: int, data: s.HandOff
    ) -> Row:
        """Hand an escalated demand to a unit registered here or below (its accounts answer it)."""
        org = await ctx.enter_org(org_id, "demands:escalation", "update")
        unit = await unit_in_org(ctx, org, data.unit_id)
        demand = await HandlingService(ctx.session).hand_to_unit(
            org, demand_id, unit, ctx.user.id, data.working_days, data.note
        )
        await ctx.audit(
            "demands.hand_off", org, "demands:demand", str(demand.id), {"unit_id": unit.id}
        )
        return await _out(DemandService(ctx.session), demand)


class RegisterController(Controller):
    """Supervision orders, topics, visit diaries, disclosures, figures."""

    path = "/"
    tags = ["demands"]

    @get("/supervisions", operation_id="ListDemandSupervisions", opt=SUBTREE)
    async def supervisions(
        self, ctx: RequestContext, org_id: int, open_only: bool = False
    ) -> list[Row]:
        """Supervision orders of the subtree (a street sees its communities')."""
        await ctx.enter_org(org_id, "demands:supervision", "read")
        rows = await SupervisionService(ctx.session).list(open_only)
        return [
            {**s.dump(o, *s.SUPERVISION), "tracking_code": d.tracking_code, "status": d.status}
            for o, d in rows
        ]

    @post("/topics", operation_id="CreateDemandTopic")
    async def create_topic(self, ctx: RequestContext, org_id: int, data: s.TopicCreate) -> Row:
        """Merge demands on one issue into a topic."""
        org = await ctx.enter_org(org_id, "demands:topic", "create")
        topic = await TopicService(ctx.session).create(
            org, data.title, data.demand_ids, ctx.user.id
        )
        return s.dump(topic, *s.TOPIC)

    @get("/topics", operation_id="ListDemandTopics")
    async def topics(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Topics of the subtree."""
        await ctx.enter_org(org_id, "demands:topic", "read")
        return [s.dump(t, *s.TOPIC) for t in await TopicService(ctx.session).list()]

    @post("/topics/{topic_id:int}/demands", operation_id="AddToDemandTopic", status_code=200)
    async def add_to_topic(
        self, ctx: RequestContext, org_id: int, topic_id: int, data: s.TopicAdd
    ) -> list[int]:
        """Put more demands into a topic."""
        await ctx.enter_org(org_id, "demands:topic", "update")
        return [
            d.id
            for d in await TopicService(ctx.session).add(topic_id, data.demand_ids, ctx.user.id)
        ]

    @post("/topics/{topic_id:int}/answer", operation_id="AnswerDemandTopic", status_code=200)
    async def answer_topic(
        self, ctx: RequestContext, org_id: int, topic_id: int, data: s.TopicAnswer
    ) -> Row:
        """Answer a topic once: its demands close with the answer and every resident is told."""
        org = await ctx.enter_org(org_id, "demands:topic", "update")
        closed = await TopicService(ctx.session).answer(topic_id, data.answer, ctx.user.id)
        await ctx.audit(
            "demands.topic.answer", org, "demands:topic", str(topic_id), {"closed": len(closed)}
        )
        return {"topic_id": topic_id, "closed": [d.id for d in closed]}

    @post("/diary", operation_id="CreateDemandDiaryEntry")
    async def create_diary(self, ctx: RequestContext, org_id: int, data: s.DiaryCreate) -> Row:
        """An information officer's visit note (民情日志)."""
        org = await ctx.enter_org(org_id, "demands:diary", "create")
        entry = await DiaryService(ctx.session).create(
            org, data.visited_on, data.note, ctx.user.id, data.person_id
        )
        return s.dump(entry, *s.DIARY)

    @get("/diary", operation_id="ListDemandDiary")
    async def diary(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Visit notes of the subtree."""
        await ctx.enter_org(org_id, "demands:diary", "read")
        return [s.dump(e, *s.DIARY) for e in await DiaryService(ctx.session).list()]

    @post("/diary/{entry_id:int}/demand", operation_id="DemandFromDiary")
    async def diary_to_demand(
        self, ctx: RequestContext, org_id: int, entry_id: int, data: s.DiaryToDemand
    ) -> Row:
        """Turn a visit note into a demand (once)."""
        org = await ctx.enter_org(org_id, "demands:demand", "create")
        service = DemandService(ctx.session)
        demand = await DiaryService(ctx.session).to_demand(
            org, entry_id, data.category, data.content, ctx.user.id
        )
        return await _out(service, demand)

    @get("/disclosure", operation_id="GetDemandDisclosure")
    async def disclosure(self, ctx: RequestContext, org_id: int) -> dict[str, str]:
        """The community's seven disclosures (七公开)."""
        org = await ctx.enter_org(org_id, "demands:disclosure", "read")
        return await DisclosureService(ctx.session).read(org)

    @put("/disclosure", operation_id="SetDemandDisclosure")
    async def set_disclosure(
        self, ctx: RequestContext, org_id: int, data: s.Disclosures
    ) -> dict[str, str]:
        """Edit the disclosures (only the keys given change)."""
        org = await ctx.enter_org(org_id, "demands:disclosure", "update")
        items = {k: v for k, v in msgspec_fields(data).items() if v is not None}
        return await DisclosureService(ctx.session).write(org, items)

    @get("/stats", operation_id="GetDemandStats", opt=SUBTREE)
    async def stats(
        self, ctx: RequestContext, org_id: int, start: date | None = None, end: date | None = None
    ) -> Row:
        """Figures of the subtree for a period (by received date)."""
        await ctx.enter_org(org_id, "demands:stats", "read")
        first, last = period(start, end)
        return (await StatsService(ctx.session).compute(first, last)).as_dict()

    @get("/export", operation_id="ExportDemandStats", opt=SUBTREE)
    async def export(
        self, ctx: RequestContext, org_id: int, start: date | None = None, end: date | None = None
    ) -> Response[bytes]:
        """The figures as an XLSX workbook."""
        org = await ctx.enter_org(org_id, "demands:stats", "export")
        first, last = period(start, end)
        stats = await StatsService(ctx.session).compute(first, last)
        await ctx.audit(
            "demands.export",
            org,
            "demands:stats",
            str(org.id),
            {"start": str(first), "end": str(last)},
        )
        name = f"demands-{org.id}-{first}-{last}.xlsx"
        return Response(
            stats_workbook(stats, org.name),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def msgspec_fields(data: Any) -> dict[str, Any]:
    """A request struct's fields as keyword arguments."""
    return {f: getattr(data, f) for f in data.__struct_fields__}


ROUTES = [DemandController, QueueController, RegisterController]
