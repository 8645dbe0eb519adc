"""An org's dashboard: cards with figures and charts, from core and from enabled plugins."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template
from sqlalchemy import func, select

from core.context import RequestContext
from core.web import charts, i18n
from core.web.i18n import gettext as _
from core.web.labels import level_label
from core.web.plugins import collect_for_org
from core.web.render import page
from tenants.models import LEVELS, OrgUnit


async def _core_card(ctx: RequestContext, org: OrgUnit) -> dict[str, Any]:
    rows = await ctx.session.execute(
        select(OrgUnit.level, func.count())
        .where(OrgUnit.path.startswith(org.path))
        .group_by(OrgUnit.level)
    )
    counts = dict(rows.all())
    below = [lvl for lvl in LEVELS[org.depth + 1 :]]
    labels = [level_label(lvl) for lvl in below]
    values = [int(counts.get(lvl, 0)) for lvl in below]
    chart = (
        {"kind": "bar", "labels": labels, "series": [{"name": _("Nodes"), "values": values}]}
        if below
        else None
    )
    return {
        "title": _("Territory below this node"),
        "figures": list(zip(labels, values, strict=True)),
        "chart": chart,
    }


def _card_view(title: str, figures: list, chart: dict | None) -> dict[str, Any]:
    view: dict[str, Any] = {"title": title, "figures": figures, "chart": None}
    if chart:
        header, rows = charts.table_rows(chart)
        view["chart"] = {
            "src": charts.data_uri(charts.render_svg(chart)),
            "header": header,
            "rows": rows,
        }
    return view


@get("/orgs/{org_id:int}/")
async def dashboard(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Cards of the org: core's territory counts, then each enabled plugin's cards."""
    org = await ctx.enter_org(org_id, "core:org", "read")
    core = await _core_card(ctx, org)
    cards = [_card_view(core["title"], core["figures"], core["chart"])]
    for card in sorted(
        await collect_for_org(ctx.session, ctx.state, org, "register_dashboard_cards"),
        key=lambda c: c.order,
    ):
        needed = getattr(card, "permission", None)
        if needed and not ctx.can(org, *needed):
            continue
        content = await card.load(ctx.session, org)
        cards.append(
            _card_view(
                i18n.pick(card.title_zh, card.title_en), list(content.figures), content.chart
            )
        )
    return await page(
        request, "dashboard.html", ctx, org, cards=cards, level=level_label(org.level)
    )
