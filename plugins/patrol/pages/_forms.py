"""What every patrol page shares: template labels, and core's form helpers with patrol's texts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.response import Redirect

from core.context import RequestContext
from core.localtime import LOCAL_TZ, as_utc
from core.web import forms
from core.web.forms import (  # noqa: F401  (the patrol pages import them from here)
    Form,
    FormData,
    clock,
    day,
    integer,
    local_datetime,
    reason,
    text,
    today,
)
from plugins.patrol.vocab import TRANSITIONS, vocab
from tenants.models import OrgUnit


def labels(ctx: RequestContext, org: OrgUnit) -> dict[str, Any]:
    """What the patrol templates use besides the console's own context."""
    return {
        "v": vocab(),
        "transitions": TRANSITIONS,
        "local": lambda dt: as_utc(dt).astimezone(LOCAL_TZ),
        "can": lambda obj, act: ctx.can(org, obj, act),
    }


async def submit(
    request: Request,
    ctx: RequestContext,
    data: dict[str, str],
    url: str,
    work: Callable[[], Awaitable[str | None]],
) -> Redirect:
    """Core's ``submit`` with patrol's "saved" text."""
    return await forms.submit(request, ctx, data, url, work, saved=vocab()["pages"]["saved"])
