"""An org's dashboard: "what needs me today", then cards with figures and charts from every module."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, get
from litestar.response import Template
from sqlalchemy import func, select

from core.context import RequestContext
from core.db import utcnow
from core.plugins import ATTENTION_TONES, AttentionItem, CardContent
from core.web import charts, i18n
from core.web.i18n import gettext as _
from core.web.labels import level_label
from core.web.plugins import collect_for_org
from core.web.render import page
from tenants.models import LEVELS, OrgUnit


async def _territory(ctx: RequestContext, org: OrgUnit) -> dict[str, Any] | None:
    """How many nodes of each level lie below the org (figures only: counts of nodes are no chart)."""
    below = list(LEVELS[org.depth + 1 :])
    if not below:
        return None
    rows = await ctx.session.execute(
        select(OrgUnit.level, func.count())
        .where(OrgUnit.path.startswith(org.path))
        .group_by(OrgUnit.level)
    )
    counts = dict(rows.all())
    figures = [(level_label(lvl), int(counts.get(lvl, 0))) for lvl in below]
    return _card_view(_("Territory below this node"), figures, None)


async def _core_attention(ctx: RequestContext, org: OrgUnit) -> list[AttentionItem]:
    """Core's own lines: background jobs this person started here that failed this week."""
    from core.jobs.runs import FAILED, JobRun

    failed = await ctx.session.scalar(
        select(func.count(JobRun.id)).where(
            JobRun.org_path.startswith(org.path),
            JobRun.created_by == ctx.user.id,
            JobRun.status == FAILED,
            JobRun.created_at >= utcnow() - timedelta(days=7),
        )
    )
    return [AttentionItem("core.failed_runs", "本周失败的后台任务", "Background jobs that failed this week",
                          int(failed or 0), "runs", "overdue")]


def _card_view(title: str, figures: list, chart: dict | None) -> dict[str, Any]:
    view: dict[str, Any] = {"title": title, "figures": figures, "chart": None, "empty": False}
    if chart and charts.has_information(chart):
        header, rows = charts.table_rows(chart)
        view["chart"] = {
            "src": charts.data_uri(charts.render_svg(chart)),
            "header": header,
            "rows": rows,
        }
    elif chart:
        view["empty"] = True  # a chart of zeros says nothing: the card says so in words
    return view


def _attention_view(org: OrgUnit, items: list[AttentionItem]) -> list[dict[str, Any]]:
    shown = [i for i in items if i.count > 0]
    shown.sort(key=lambda i: (ATTENTION_TONES.index(i.tone), -i.count))
    return [
        {
            "id": i.id,
            "label": i18n.pick(i.label_zh, i.label_en),
            "count": i.count,
            "tone": i.tone,
            "href": f"/orgs/{org.id}/{i.href}" if i.href else "",
        }
        for i in shown
    ]


@get("/orgs/{org_id:int}/")
async def dashboard(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """What needs the user today, core's territory counts, then each enabled module's cards."""
    org = await ctx.enter_org(org_id, "core:org", "read")
    attention = await _core_attention(ctx, org)
    territory = await _territory(ctx, org)
    cards = [territory] if territory else []
    found = await collect_for_org(ctx.session, ctx.state, org, "register_dashboard_cards")
    for card in sorted(found, key=lambda c: c.order):
        needed = getattr(card, "permission", None)
        if needed and not ctx.can(org, *needed):
            continue
        content: CardContent = await card.load(ctx.session, org)
        attention.extend(content.attention)
        if getattr(card, "kind", "figures") == "attention":
            continue
        title = i18n.pick(card.title_zh, card.title_en)
        cards.append(_card_view(title, list(content.figures), content.chart))
    return await page(
        request,
        "dashboard.html",
        ctx,
        org,
        cards=cards,
        attention=_attention_view(org, attention),
        level=level_label(org.level),
    )
