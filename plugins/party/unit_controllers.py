"""HTTP routes of the unit side, under /api/v1/units/{unit_id}/party (partner accounts; HTTP only)."""

from __future__ import annotations

from litestar import Controller, Response, get, post

from core.context import RequestContext
from plugins.party.schemas import (
    ClearanceCreate,
    ClearanceRead,
    FeedbackRead,
    MemberRead,
    clearance_read,
    feedback_read,
    member_read,
)
from plugins.party.services import UnitPartyService, feedback_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnitPartyController(Controller):
    """A unit's own party members, their records, its inbox and its questions before awards."""

    path = "/"

    @get("/members", operation_id="PartyUnitListMembers")
    async def members(self, ctx: RequestContext, unit_id: int) -> list[MemberRead]:
        """The unit's confirmed members, in every community where the module is on."""
        access = await ctx.enter_unit(unit_id, "party:member", "read")
        return [member_read(m, p) for m, p in await UnitPartyService(access).members()]

    @get("/members/{member_id:int}", operation_id="PartyUnitMemberRecord")
    async def record(
        self, ctx: RequestContext, unit_id: int, member_id: int, year: int | None = None
    ) -> dict:
        """A member's year: ledger, evaluation, consultations answered, conduct counts."""
        access = await ctx.enter_unit(unit_id, "party:service", "read")
        return await UnitPartyService(access).record(member_id, year)

    @get("/feedback", operation_id="PartyUnitInbox")
    async def inbox(self, ctx: RequestContext, unit_id: int) -> list[FeedbackRead]:
        """Feedback forms sent to the unit."""
        access = await ctx.enter_unit(unit_id, "party:feedback", "read")
        return [feedback_read(f) for f in await UnitPartyService(access).inbox()]

    @get("/feedback/{feedback_id:int}", operation_id="PartyUnitOpenFeedback")
    async def open_form(self, ctx: RequestContext, unit_id: int, feedback_id: int) -> FeedbackRead:
        """One form; the first opening records its delivery."""
        access = await ctx.enter_unit(unit_id, "party:feedback", "read")
        return feedback_read(await UnitPartyService(access).open_form(feedback_id))

    @get("/feedback/{feedback_id:int}/xlsx", operation_id="PartyUnitFeedbackXlsx")
    async def xlsx(self, ctx: RequestContext, unit_id: int, feedback_id: int) -> Response[bytes]:
        """The form as a workbook (also records delivery)."""
        access = await ctx.enter_unit(unit_id, "party:feedback", "read")
        form = await UnitPartyService(access).open_form(feedback_id)
        return Response(
            feedback_xlsx(form.content),
            media_type=XLSX,
            headers={
                "Content-Disposition": f'attachment; filename="feedback-{form.year}-{form.id}.xlsx"'
            },
        )

    @post(
        "/feedback/{feedback_id:int}/acknowledge",
        operation_id="PartyUnitAcknowledge",
        status_code=200,
    )
    async def acknowledge(
        self, ctx: RequestContext, unit_id: int, feedback_id: int
    ) -> FeedbackRead:
        """Acknowledge a form."""
        access = await ctx.enter_unit(unit_id, "party:feedback", "update")
        form = await UnitPartyService(access).acknowledge(feedback_id, ctx.user.id)
        await ctx.audit(
            "party.feedback.ack", access.org, "party:feedback", str(form.id), {"unit_id": unit_id}
        )
        return feedback_read(form)

    @get("/clearances", operation_id="PartyUnitListClearances")
    async def clearances(self, ctx: RequestContext, unit_id: int) -> list[ClearanceRead]:
        """The unit's questions and their answers."""
        access = await ctx.enter_unit(unit_id, "party:clearance", "read")
        return [clearance_read(c) for c in await UnitPartyService(access).clearances()]

    @post("/clearances", operation_id="PartyUnitAskClearance")
    async def ask(self, ctx: RequestContext, unit_id: int, data: ClearanceCreate) -> ClearanceRead:
        """Ask the member's community before a promotion or award."""
        access = await ctx.enter_unit(unit_id, "party:clearance", "create")
        row = await UnitPartyService(access).ask(
            member_id=data.member_id,
            kind=data.kind,
            year=data.year,
            note=data.note,
            user_id=ctx.user.id,
        )
        return clearance_read(row)

    @get("/reminders", operation_id="PartyUnitReminders")
    async def reminders(self, ctx: RequestContext, unit_id: int) -> list[dict]:
        """Reminders about members below the yearly minimum."""
        access = await ctx.enter_unit(unit_id, "party:reminder", "read")
        return [
            {
                "id": r.id,
                "member_id": r.member_id,
                "year": r.year,
                "month": r.month,
                "done": r.done,
                "minimum": r.minimum,
            }
            for r in await UnitPartyService(access).reminders()
        ]


UNIT_ROUTES = [UnitPartyController]
