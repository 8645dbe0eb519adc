"""Every hook implementation of the patrol plugin (and nothing else)."""

from __future__ import annotations


from core.authz import plugin_grants
from core.plugins import DashboardCard, ExportSpec, NavItem, hookimpl
from plugins.patrol import cards
from plugins.patrol.vocab import vocab

PLUGIN = "patrol"


def _console(key: str) -> tuple[str, str]:
    zh, en = vocab()["console"][key]
    return zh, en


@hookimpl
def register_routes() -> list:
    """The JSON API (mounted under /api/v1/orgs/{org_id}/patrol)."""
    from plugins.patrol.controllers import ROUTES

    return list(ROUTES)


@hookimpl
def register_pages() -> list:
    """The console pages (mounted under /orgs/{org_id}/patrol)."""
    from plugins.patrol.pages import PAGES

    return list(PAGES)


@hookimpl
def register_permissions() -> list[tuple[str, str, str, str]]:
    """The standard tiers on patrol:* (policy.csv adds the rest)."""
    return plugin_grants(PLUGIN)


@hookimpl
def register_actors() -> list:
    """Shift reminders and missed-shift detection."""
    from plugins.patrol.jobs import ACTORS

    return list(ACTORS)


@hookimpl
def register_schedules() -> list:
    """Reminders every evening, settling shifts every night."""
    from plugins.patrol.jobs import SCHEDULES

    return list(SCHEDULES)


@hookimpl
async def module_enabled(org, session, config) -> None:
    """Seed the seven teams at the community (or every community of a street); idempotent."""
    from plugins.patrol.services import TeamService

    await TeamService(session).seed_subtree(org)


@hookimpl
def module_disabled(org, session) -> None:
    """Nothing to do: switching the module off hides its routes and keeps every row."""


@hookimpl
async def org_created(org, session) -> None:
    """A community created under a street that runs the patrol line gets its seven teams."""
    from plugins.patrol.services import TeamService

    await TeamService(session).seed(org)


@hookimpl
async def demo_seeded(org, session, rng) -> None:
    """A year of members, shifts, check-ins, reports, activities and registers at a demo community."""
    from plugins.patrol.demo import seed_year

    await seed_year(session, org, rng)


@hookimpl
def register_nav(org) -> list[NavItem]:
    """The patrol section of the console, and the phone check-in page."""
    zh, en = _console("nav")
    items = [
        NavItem(
            id="patrol",
            label_zh=zh,
            label_en=en,
            path="patrol/",
            order=50,
            scope="subtree",
            permission=("patrol:stats", "read"),
        )
    ]
    if org.level in ("community", "grid"):
        zh, en = _console("nav_checkin")
        items.append(
            NavItem(id="patrol.checkin", label_zh=zh, label_en=en, path="patrol/checkin", order=51)
        )
    return items


@hookimpl
def register_dashboard_cards(org) -> list[DashboardCard]:
    """Person-times per team and the reports of this year, with charts; today's shifts and
    overdue reports for the "what needs me today" panel."""
    loaders = (("teams", cards.teams_card, 50), ("reports", cards.reports_card, 51))
    return [
        DashboardCard(
            id=f"patrol.{key}",
            title_zh=_console(f"card_{key}")[0],
            title_en=_console(f"card_{key}")[1],
            load=load,
            order=order,
            scope="subtree",
            permission=("patrol:stats", "read"),
        )
        for key, load, order in loaders
    ] + [
        DashboardCard(id="patrol.attention_shifts", title_zh="", title_en="", load=cards.shifts_attention,
                      scope="subtree", permission=("patrol:shift", "read"), kind="attention"),
        DashboardCard(id="patrol.attention_reports", title_zh="", title_en="", load=cards.reports_attention,
                      scope="subtree", permission=("patrol:report", "read"), kind="attention"),
    ]


@hookimpl
def register_exports() -> list[ExportSpec]:
    """The statistics workbook."""
    zh, en = _console("export_stats")
    # The API's right for the same workbook (GET /export), which policy.csv also gives
    # community workers; without it the default would be a "patrol:export" nobody is granted.
    return [
        ExportSpec(
            id="patrol.stats",
            title_zh=zh,
            title_en=en,
            build=cards.build_stats_export,
            permission=("patrol:stats", "export"),
        )
    ]
