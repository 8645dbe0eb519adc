"""What every party page shares: labels, people shown masked, core's form helpers."""

from __future__ import annotations

from typing import Any

from core.context import RequestContext
from core.people import person_ref
from core.web import forms
from core.web.forms import FormData, day, integer, text  # noqa: F401  (the pages import them from here)

GRADE_LABELS = {
    "excellent": ("优秀", "Excellent"),
    "competent": ("合格", "Competent"),
    "basically_competent": ("基本合格", "Basically competent"),
    "incompetent": ("不合格", "Incompetent"),
}
STATUS_LABELS = {
    "pending": ("待确认", "Pending"),
    "confirmed": ("已确认", "Confirmed"),
    "cleared": ("同意", "Cleared"),
    "refused": ("不同意", "Refused"),
}


def labels(ctx: RequestContext, org=None) -> dict[str, Any]:
    """What the party templates use besides the console's own context."""
    return {
        "grades": GRADE_LABELS,
        "statuses": STATUS_LABELS,
        "ref": person_ref,
        "can": (lambda obj, act: ctx.can(org, obj, act))
        if org is not None
        else (lambda obj, act: False),
    }


async def submit(request, ctx, data, url, work):
    """Core's submit (CSRF, rollback on refusal, flash) for party forms."""
    return await forms.submit(request, ctx, data, url, work)
