"""The signed-in user's inbox over HTTP: ``/api/v1/me/inbox`` and the console page ``/inbox``."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.errors import N_, NotFound
from core.notify.services import Outbox
from core.web.forms import FormData

FIELDS = (
    "id",
    "org_id",
    "source",
    "ref",
    "kind",
    "channel",
    "subject",
    "body",
    "status",
    "created_at",
    "read_at",
)


def _dump(message) -> dict[str, Any]:
    return {f: getattr(message, f) for f in FIELDS}


@get("/me/inbox", operation_id="ListMyInbox", tags=["users"])
async def my_inbox(ctx: RequestContext) -> list[dict[str, Any]]:
    """The messages written to the current user, newest first."""
    return [_dump(m) for m in await Outbox(ctx.session).inbox(ctx.user.id)]


@post(
    "/me/inbox/{message_id:int}/read", operation_id="ReadMyMessage", tags=["users"], status_code=200
)
async def read_message(ctx: RequestContext, message_id: int) -> dict[str, Any]:
    """Mark one of the current user's messages read."""
    message = await Outbox(ctx.session).mark_read(ctx.user.id, message_id)
    if message is None:
        raise NotFound(
            N_("message {id} not found in your inbox"),
            field="message_id",
            params={"id": message_id},
        )
    return _dump(message)


@get("/inbox", name="inbox")
async def inbox_page(request: Request, ctx: RequestContext) -> Template:
    """The console inbox: what the platform wrote to the signed-in user."""
    from core.web.render import page

    return await page(
        request, "inbox.html", ctx, None, messages=await Outbox(ctx.session).inbox(ctx.user.id)
    )


@post("/inbox/{message_id:int}/read", name="inbox.read")
async def inbox_read(
    request: Request, ctx: RequestContext, message_id: int, data: FormData
) -> Redirect:
    """Mark a message read from the inbox page."""
    from core.web import csrf
    from core.web.render import back

    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    await Outbox(ctx.session).mark_read(ctx.user.id, message_id)
    return back("/inbox")
