"""The patrol JSON API, mounted by core under /api/v1/orgs/{org_id:int}/patrol.

Every handler enters the org first (404 unknown org, 403 no right, then the session is
scoped to the org's subtree) and hands the work to a service.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

from litestar import Controller, Response, get, patch, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter

from core.context import RequestContext
from plugins.patrol import DEFAULT_PHOTO_MAX_BYTES
from plugins.patrol import schemas as s
from plugins.patrol.access import enter_for_checkin
from plugins.patrol.services import (
    ActivityService,
    CheckInService,
    MeetingService,
    MemberService,
    MerchantService,
    NotificationService,
    PhotoStore,
    ReportService,
    ShiftService,
    StatsService,
    TeamService,
    stats_workbook,
)
from plugins.patrol.services._common import local_today

Row = dict[str, Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period(start: date | None, end: date | None) -> tuple[date, date]:
    """The asked period, defaulting to the current calendar year up to today."""
    end = end or local_today()
    return start or end.replace(month=1, day=1), end


class TeamController(Controller):
    """Teams and members of a community."""

    path = "/"
    tags = ["patrol"]

    @get("/teams", operation_id="ListPatrolTeams")
    async def list_teams(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Teams of the org's subtree, the seven colours first."""
        org = await ctx.enter_org(org_id, "patrol:team", "read")
        return [s.dump(t, *s.TEAM) for t in await TeamService(ctx.session).list(org)]

    @post("/teams", operation_id="CreatePatrolTeam")
    async def create_team(self, ctx: RequestContext, org_id: int, data: s.TeamCreate) -> Row:
        """Add a local team under one of the seven colours."""
        org = await ctx.enter_org(org_id, "patrol:team", "create")
        team = await TeamService(ctx.session).create(org, **s.fields(data))
        await ctx.audit("patrol.team.create", org, "patrol:team", str(team.id), {"name": team.name})
        return s.dump(team, *s.TEAM)

    @patch("/teams/{team_id:int}", operation_id="UpdatePatrolTeam")
    async def update_team(
        self, ctx: RequestContext, org_id: int, team_id: int, data: s.TeamUpdate
    ) -> Row:
        """Rename or describe a team (its colour stays)."""
        await ctx.enter_org(org_id, "patrol:team", "update")
        return s.dump(await TeamService(ctx.session).update(team_id, **s.fields(data)), *s.TEAM)

    @get("/members", operation_id="ListPatrolMembers")
    async def list_members(
        self, ctx: RequestContext, org_id: int, team_id: int | None = None
    ) -> list[Row]:
        """Members of the subtree, or of one team."""
        await ctx.enter_org(org_id, "patrol:member", "read")
        return [s.dump_member(m) for m in await MemberService(ctx.session).list(team_id)]

    @post("/members", operation_id="CreatePatrolMember")
    async def create_member(self, ctx: RequestContext, org_id: int, data: s.MemberCreate) -> Row:
        """Register a person who patrols or serves."""
        org = await ctx.enter_org(org_id, "patrol:member", "create")
        return s.dump_member(await MemberService(ctx.session).create(org, **s.fields(data)))

    @patch("/members/{member_id:int}", operation_id="UpdatePatrolMember")
    async def update_member(
        self, ctx: RequestContext, org_id: int, member_id: int, data: s.MemberUpdate
    ) -> Row:
        """Correct a member's record."""
        await ctx.enter_org(org_id, "patrol:member", "update")
        return s.dump_member(await MemberService(ctx.session).update(member_id, **s.given(data)))

    @get("/members/{member_id:int}/teams", operation_id="ListPatrolMemberships")
    async def memberships(self, ctx: RequestContext, org_id: int, member_id: int) -> list[Row]:
        """A member's team history."""
        await ctx.enter_org(org_id, "patrol:member", "read")
        service = MemberService(ctx.session)
        await service.get(member_id)
        return [s.dump(m, *s.MEMBERSHIP) for m in await service.memberships(member_id)]

    @post("/members/{member_id:int}/join", operation_id="JoinPatrolTeam")
    async def join(
        self, ctx: RequestContext, org_id: int, member_id: int, data: s.MembershipChange
    ) -> Row:
        """Put a member in a team from a date."""
        await ctx.enter_org(org_id, "patrol:member", "update")
        return s.dump(
            await MemberService(ctx.session).join(member_id, data.team_id, data.on), *s.MEMBERSHIP
        )

    @post("/members/{member_id:int}/leave", operation_id="LeavePatrolTeam")
    async def leave(
        self, ctx: RequestContext, org_id: int, member_id: int, data: s.MembershipChange
    ) -> Row:
        """Take a member out of a team on a date."""
        await ctx.enter_org(org_id, "patrol:member", "update")
        return s.dump(
            await MemberService(ctx.session).leave(member_id, data.team_id, data.on), *s.MEMBERSHIP
        )


class ShiftController(Controller):
    """Shifts, weekly schedules, the roster and check-ins."""

    path = "/"
    tags = ["patrol"]

    @get("/shifts", operation_id="ListPatrolShifts")
    async def list_shifts(
        self,
        ctx: RequestContext,
        org_id: int,
        start: date | None = None,
        end: date | None = None,
        team_id: int | None = None,
    ) -> list[Row]:
        """Shifts of the subtree (the roster), by start time."""
        await ctx.enter_org(org_id, "patrol:shift", "read")
        return [
            s.dump(x, *s.SHIFT) for x in await ShiftService(ctx.session).list(start, end, team_id)
        ]

    @post("/shifts", operation_id="CreatePatrolShift")
    async def create_shift(self, ctx: RequestContext, org_id: int, data: s.ShiftCreate) -> Row:
        """Plan one shift."""
        org = await ctx.enter_org(org_id, "patrol:shift", "create")
        return s.dump(await ShiftService(ctx.session).create(org, **s.fields(data)), *s.SHIFT)

    @get("/schedules", operation_id="ListPatrolSchedules")
    async def list_schedules(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Weekly schedules of the subtree."""
        await ctx.enter_org(org_id, "patrol:shift", "read")
        return [s.dump(x, *s.SCHEDULE) for x in await ShiftService(ctx.session).schedules()]

    @post("/schedules", operation_id="CreatePatrolSchedule")
    async def create_schedule(
        self, ctx: RequestContext, org_id: int, data: s.ScheduleCreate
    ) -> Row:
        """Plan a weekly recurring shift."""
        org = await ctx.enter_org(org_id, "patrol:shift", "create")
        return s.dump(
            await ShiftService(ctx.session).create_schedule(org, **s.fields(data)), *s.SCHEDULE
        )

    @post("/roster", operation_id="GeneratePatrolRoster")
    async def roster(self, ctx: RequestContext, org_id: int, data: s.RosterRequest) -> Row:
        """Create the shifts the schedules call for over a period (again is harmless)."""
        await ctx.enter_org(org_id, "patrol:shift", "create")
        made = await ShiftService(ctx.session).generate_roster(data.start, data.end)
        return {"created": len(made), "shifts": [s.dump(x, *s.SHIFT) for x in made]}

    @get("/checkins", operation_id="ListPatrolCheckIns")
    async def list_checkins(
        self,
        ctx: RequestContext,
        org_id: int,
        shift_id: int | None = None,
        member_id: int | None = None,
    ) -> list[Row]:
        """Check-ins of the subtree, newest first."""
        await ctx.enter_org(org_id, "patrol:checkin", "read")
        return [
            s.dump(c, *s.CHECKIN)
            for c in await CheckInService(ctx.session).list(shift_id, member_id)
        ]

    @post("/checkins", operation_id="PatrolCheckIn")
    async def check_in(self, ctx: RequestContext, org_id: int, data: s.CheckInCreate) -> Row:
        """A member arrives at a shift (time and optional location); ``own_checkin``: only oneself."""
        org, only = await enter_for_checkin(ctx, org_id, "create")
        checkin = await CheckInService(ctx.session).check_in(
            org, only_user_id=only, **s.fields(data)
        )
        return s.dump(checkin, *s.CHECKIN)

    @post("/checkins/{checkin_id:int}/checkout", operation_id="PatrolCheckOut", status_code=200)
    async def check_out(
        self, ctx: RequestContext, org_id: int, checkin_id: int, data: s.CheckOut
    ) -> Row:
        """The member leaves; their hours are recorded and announced as volunteer service."""
        org, only = await enter_for_checkin(ctx, org_id, "update")
        return s.dump(
            await CheckInService(ctx.session).check_out(org, checkin_id, data.at, only),
            *s.CHECKIN,
        )

    @post(
        "/checkins/{checkin_id:int}/correction",
        operation_id="CorrectPatrolCheckOut",
        status_code=200,
    )
    async def correct_check_out(
        self, ctx: RequestContext, org_id: int, checkin_id: int, data: s.CheckOutCorrection
    ) -> Row:
        """Correct a check-out time: the hours announced before are reversed, the new ones announced."""
        org = await ctx.enter_org(org_id, "patrol:checkin", "update")
        checkin = await CheckInService(ctx.session).correct_check_out(org, checkin_id, data.at)
        await ctx.audit(
            "patrol.checkin.correct",
            org,
            "patrol:checkin",
            str(checkin.id),
            {"minutes": checkin.minutes},
        )
        return s.dump(checkin, *s.CHECKIN)


class RegisterController(Controller):
    """Activities, merchants, meetings and the notification outbox."""

    path = "/"
    tags = ["patrol"]

    @get("/activities", operation_id="ListPatrolActivities")
    async def list_activities(
        self, ctx: RequestContext, org_id: int, start: date | None = None, end: date | None = None
    ) -> list[Row]:
        """Activities of the subtree, newest first."""
        await ctx.enter_org(org_id, "patrol:activity", "read")
        return [s.dump(a, *s.ACTIVITY) for a in await ActivityService(ctx.session).list(start, end)]

    @post("/activities", operation_id="CreatePatrolActivity")
    async def create_activity(
        self, ctx: RequestContext, org_id: int, data: s.ActivityCreate
    ) -> Row:
        """Record an activity with its person-times."""
        org = await ctx.enter_org(org_id, "patrol:activity", "create")
        return s.dump(await ActivityService(ctx.session).create(org, **s.fields(data)), *s.ACTIVITY)

    @get("/merchants", operation_id="ListPatrolMerchants")
    async def list_merchants(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """The merchant register."""
        await ctx.enter_org(org_id, "patrol:merchant", "read")
        return [s.dump(m, *s.MERCHANT) for m in await MerchantService(ctx.session).list()]

    @post("/merchants", operation_id="CreatePatrolMerchant")
    async def create_merchant(
        self, ctx: RequestContext, org_id: int, data: s.MerchantCreate
    ) -> Row:
        """Register a shop."""
        org = await ctx.enter_org(org_id, "patrol:merchant", "create")
        return s.dump(await MerchantService(ctx.session).create(org, **s.fields(data)), *s.MERCHANT)

    @patch("/merchants/{merchant_id:int}", operation_id="UpdatePatrolMerchant")
    async def update_merchant(
        self, ctx: RequestContext, org_id: int, merchant_id: int, data: s.MerchantUpdate
    ) -> Row:
        """Correct a shop's record."""
        await ctx.enter_org(org_id, "patrol:merchant", "update")
        return s.dump(
            await MerchantService(ctx.session).update(merchant_id, **s.given(data)), *s.MERCHANT
        )

    @get("/merchants/{merchant_id:int}/verifications", operation_id="ListPatrolVerifications")
    async def verifications(self, ctx: RequestContext, org_id: int, merchant_id: int) -> list[Row]:
        """A shop's verification rounds."""
        await ctx.enter_org(org_id, "patrol:merchant", "read")
        service = MerchantService(ctx.session)
        await service.get(merchant_id)
        return [s.dump(v, *s.VERIFICATION) for v in await service.verifications(merchant_id)]

    @post("/merchants/{merchant_id:int}/verifications", operation_id="VerifyPatrolMerchant")
    async def verify(
        self, ctx: RequestContext, org_id: int, merchant_id: int, data: s.VerificationCreate
    ) -> Row:
        """Record a shop's check in a verification round."""
        await ctx.enter_org(org_id, "patrol:merchant", "update")
        check = await MerchantService(ctx.session).verify(
            merchant_id, by_user_id=ctx.user.id, **s.fields(data)
        )
        return s.dump(check, *s.VERIFICATION)

    @get("/meetings", operation_id="ListPatrolMeetings")
    async def list_meetings(self, ctx: RequestContext, org_id: int) -> list[Row]:
        """Joint meetings, newest first."""
        await ctx.enter_org(org_id, "patrol:meeting", "read")
        return [s.dump(m, *s.MEETING) for m in await MeetingService(ctx.session).list()]

    @post("/meetings", operation_id="CreatePatrolMeeting")
    async def create_meeting(self, ctx: RequestContext, org_id: int, data: s.MeetingCreate) -> Row:
        """Record a joint meeting with co-building units."""
        org = await ctx.enter_org(org_id, "patrol:meeting", "create")
        return s.dump(await MeetingService(ctx.session).create(org, **s.fields(data)), *s.MEETING)

    @get("/notifications", operation_id="ListPatrolNotifications")
    async def notifications(
        self, ctx: RequestContext, org_id: int, mine: bool = False
    ) -> list[Row]:
        """The reminder outbox of the subtree (``mine``: only the caller's)."""
        await ctx.enter_org(org_id, "patrol:notification", "read")
        service = NotificationService(ctx.session)
        return [
            s.dump(n, *s.NOTIFICATION) for n in await service.list(ctx.user.id if mine else None)
        ]


async def photo_limit(ctx: RequestContext, org) -> int:
    """The org's configured photo size limit."""
    from tenants.modules.services import ModuleService

    state = await ModuleService(ctx.session, getattr(ctx.state, "plugins", None)).state(
        org, "patrol"
    )
    return int(state.config.get("photo_max_bytes", DEFAULT_PHOTO_MAX_BYTES))


class ReportController(Controller):
    """Incident and clue reports, their status flow and photos; statistics and export."""

    path = "/"
    tags = ["patrol"]

    @get("/reports", operation_id="ListPatrolReports")
    async def list_reports(
        self,
        ctx: RequestContext,
        org_id: int,
        status: str | None = None,
        category: str | None = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
    ) -> list[Row]:
        """Reports of the subtree, newest first (``limit`` of them, 100 by default)."""
        await ctx.enter_org(org_id, "patrol:report", "read")
        reports = await ReportService(ctx.session).list(status, category, limit)
        return [s.dump(r, *s.REPORT) for r in reports]

    @post("/reports", operation_id="CreatePatrolReport")
    async def create_report(self, ctx: RequestContext, org_id: int, data: s.ReportCreate) -> Row:
        """File an incident or clue report."""
        org = await ctx.enter_org(org_id, "patrol:report", "create")
        report = await ReportService(ctx.session).create(
            org, reported_by=ctx.user.id, **s.fields(data)
        )
        return s.dump(report, *s.REPORT)

    @get("/reports/{report_id:int}", operation_id="GetPatrolReport")
    async def read_report(self, ctx: RequestContext, org_id: int, report_id: int) -> Row:
        """One report with its steps and photos."""
        await ctx.enter_org(org_id, "patrol:report", "read")
        service = ReportService(ctx.session)
        out = s.dump(await service.get(report_id), *s.REPORT)
        out["steps"] = [s.dump(x, *s.STEP) for x in await service.steps(report_id)]
        out["photos"] = [s.dump(p, *s.PHOTO) for p in await service.photos(report_id)]
        return out

    @post("/reports/{report_id:int}/transitions", operation_id="MovePatrolReport", status_code=200)
    async def transition(
        self, ctx: RequestContext, org_id: int, report_id: int, data: s.Transition
    ) -> Row:
        """Move a report along its status flow, with a note."""
        org = await ctx.enter_org(org_id, "patrol:report", "update")
        report = await ReportService(ctx.session).transition(
            report_id, data.to_status, ctx.user.id, data.note
        )
        await ctx.audit(
            "patrol.report.transition", org, "patrol:report", str(report.id), {"to": data.to_status}
        )
        return s.dump(report, *s.REPORT)

    @post("/reports/{report_id:int}/photos", operation_id="AddPatrolReportPhoto")
    async def add_photo(
        self,
        ctx: RequestContext,
        org_id: int,
        report_id: int,
        data: Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Row:
        """Attach a photo (JPEG, PNG or WebP, up to the configured size) to a report."""
        org = await ctx.enter_org(org_id, "patrol:report", "update")
        report = await ReportService(ctx.session).get(report_id)
        limit = await photo_limit(ctx, org)
        content = await data.read(limit + 1)
        store = PhotoStore(ctx.state.settings.data_dir, limit)
        return s.dump(await store.add(ctx.session, report, content, ctx.user.id), *s.PHOTO)

    @get("/reports/{report_id:int}/photos/{photo_id:int}", operation_id="GetPatrolReportPhoto")
    async def photo(
        self, ctx: RequestContext, org_id: int, report_id: int, photo_id: int
    ) -> Response[bytes]:
        """The bytes of one photo."""
        await ctx.enter_org(org_id, "patrol:report", "read")
        found = await ReportService(ctx.session).get_photo(report_id, photo_id)
        data = PhotoStore(ctx.state.settings.data_dir, 0).read(found)
        return Response(
            data, media_type=found.content_type, headers={"X-Content-Type-Options": "nosniff"}
        )

    @get("/stats", operation_id="GetPatrolStats", opt={"module_scope": "subtree"})
    async def stats(
        self,
        ctx: RequestContext,
        org_id: int,
        start: Annotated[
            date | None, Parameter(description="first day (default 1 January)")
        ] = None,
        end: Annotated[date | None, Parameter(description="last day (default today)")] = None,
    ) -> Row:
        """The figures of the subtree for a period, with the same period a year earlier."""
        org = await ctx.enter_org(org_id, "patrol:stats", "read")
        first, last = period(start, end)
        return (await StatsService(ctx.session).compute(org, first, last)).as_dict()

    @get("/export", operation_id="ExportPatrolStats", opt={"module_scope": "subtree"})
    async def export(
        self, ctx: RequestContext, org_id: int, start: date | None = None, end: date | None = None
    ) -> Response[bytes]:
        """The figures as an XLSX workbook."""
        org = await ctx.enter_org(org_id, "patrol:stats", "export")
        first, last = period(start, end)
        stats = await StatsService(ctx.session).compute(org, first, last)
        await ctx.audit(
            "patrol.export",
            org,
            "patrol:stats",
            str(org.id),
            {"start": str(first), "end": str(last)},
        )
        name = f"patrol-{org.id}-{first}-{last}.xlsx"
        return Response(
            # Building the workbook is CPU work; the event loop keeps serving meanwhile.
            await asyncio.to_thread(stats_workbook, stats, org.name),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


ROUTES = [TeamController, ShiftController, RegisterController, ReportController]
