"""What every supermarket page shares: template labels, and core's form helpers with our texts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.response import Redirect

from core.context import RequestContext
from core.localtime import LOCAL_TZ, as_utc
from core.web import forms
from core.web.forms import FormData, day, integer, reason, text, today  # noqa: F401
from core.web.plugins import module_service
from plugins.supermarket.vocab import vocab
from tenants.models import OrgUnit

SUBTREE = {"module_scope": "subtree"}


def labels(ctx: RequestContext, org: OrgUnit) -> dict[str, Any]:
    """What the supermarket templates use besides the console's own context."""
    return {
        "v": vocab(),
        "local": lambda dt: as_utc(dt).astimezone(LOCAL_TZ),
        "can": lambda obj, act: ctx.can(org, obj, act),
    }


async def runs_here(ctx: RequestContext, org: OrgUnit) -> bool:
    """Is the module on at ``org`` itself (not only below it)? The other tabs need that."""
    modules = module_service(ctx.session, ctx.state)
    return modules is None or await modules.is_enabled(org, "supermarket")


async def submit(
    request: Request,
    ctx: RequestContext,
    data: dict[str, str],
    url: str,
    work: Callable[[], Awaitable[str | None]],
) -> Redirect:
    """Core's ``submit`` with the supermarket's "saved" text."""
    return await forms.submit(request, ctx, data, url, work, saved=vocab()["console"]["saved"][0])


def checkbox(data: dict[str, str], name: str) -> bool:
    """A ticked checkbox."""
    return (data.get(name) or "") in ("1", "on", "true", "yes")
