"""The navigation of an org's pages: core pages the user may open, then enabled plugins' pages."""

from __future__ import annotations

from typing import Any

from core.context import RequestContext
from core.web import i18n
from core.web.i18n import N_
from core.web.i18n import gettext as _
from tenants.models import OrgUnit

# (path under /orgs/{id}/, message id, object and act the page needs)
CORE_PAGES = (
    ("", N_("Dashboard"), "core:org", "read"),
    ("tree", N_("Territory"), "core:org", "read"),
    ("people", N_("People register"), "people:person", "read"),
    ("units", N_("Units"), "people:unit", "read"),
    ("people/access-log", N_("Access log"), "people:reveal", "read"),
    ("members", N_("Members"), "core:member", "read"),
    ("accounts", N_("Accounts"), "core:user", "read"),
    ("modules", N_("Modules"), "core:module", "read"),
    ("audit", N_("Audit log"), "core:audit", "read"),
    ("provision", N_("Provisioning"), "core:org", "create"),
    ("exports", N_("Exports"), "core:org", "read"),
    ("runs", N_("Jobs"), "core:org", "read"),
)


async def nav_items(ctx: RequestContext, org: OrgUnit) -> list[dict[str, Any]]:
    """Links for the org's navigation bar, in order."""
    from core.web.plugins import collect_for_org

    items = [
        {
            "id": path or "dashboard",
            "label": _(label),
            "href": f"/orgs/{org.id}/{path}".rstrip("/") if path else f"/orgs/{org.id}/",
        }
        for path, label, obj, act in CORE_PAGES
        if ctx.can(org, obj, act)
    ]
    plugin_items = await collect_for_org(ctx.session, ctx.state, org, "register_nav")
    for item in sorted(plugin_items, key=lambda n: getattr(n, "order", 100)):
        needed = getattr(item, "permission", None)
        if needed and not ctx.can(org, *needed):
            continue  # a link the user would only meet a 403 behind
        items.append(
            {
                "id": item.id,
                "label": i18n.pick(item.label_zh, item.label_en),
                "href": f"/orgs/{org.id}/{item.path}",
            }
        )
    return items
