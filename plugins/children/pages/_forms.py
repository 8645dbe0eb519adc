"""What every page of the home shares: template labels and core's form helpers with its texts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.response import Redirect

from core.context import RequestContext
from core.localtime import LOCAL_TZ, as_utc
from core.web import forms
from core.web.forms import FormData, day, integer, text, today  # noqa: F401  (re-exported)
from plugins.children.vocab import vocab
from tenants.models import OrgUnit


def labels(ctx: RequestContext, org: OrgUnit, **extra: Any) -> dict[str, Any]:
    """What the home's templates use besides the console's own context."""
    return {
        "v": vocab(),
        "local": lambda dt: as_utc(dt).astimezone(LOCAL_TZ),
        "can": lambda obj, act: ctx.can(org, obj, act),
        **extra,
    }


async def submit(
    request: Request,
    ctx: RequestContext,
    data: dict[str, str],
    url: str,
    work: Callable[[], Awaitable[str | None]],
) -> Redirect:
    """Core's ``submit`` with the home's "saved" text."""
    return await forms.submit(request, ctx, data, url, work, saved=vocab()["console"]["saved"][0])
