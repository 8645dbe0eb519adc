"""Every hook implementation of the resident-demand pipeline (and nothing else)."""

from __future__ import annotations

from core.authz import plugin_grants
from core.plugins import DashboardCard, ExportSpec, NavItem, hookimpl
from plugins.demands.vocab import vocab

PLUGIN = "demands"


def _console(key: str) -> tuple[str, str]:
    zh, en = vocab()["console"][key]
    return zh, en


@hookimpl
def register_routes() -> list:
    """The JSON API (mounted under /api/v1/orgs/{org_id}/demands)."""
    from plugins.demands.controllers import ROUTES

    return list(ROUTES)


@hookimpl
def register_unit_routes() -> list:
    """The unit side (mounted under /api/v1/units/{unit_id}/demands): demands handed to it."""
    from plugins.demands.unit_controllers import UNIT_ROUTES

    return list(UNIT_ROUTES)


@hookimpl
def register_unit_pages() -> list:
    """The unit's page (under /units/{unit_id}/demands)."""
    from plugins.demands.pages import UNIT_PAGES

    return list(UNIT_PAGES)


@hookimpl
def register_pages() -> list:
    """The console pages and the public pages (mounted under /orgs/{org_id}/demands)."""
    from plugins.demands.pages import PAGES

    return list(PAGES)


@hookimpl
def register_permissions() -> list[tuple[str, str, str, str]]:
    """The standard tiers on demands:* (policy.csv adds the city's and the export right)."""
    return plugin_grants(PLUGIN)


@hookimpl
def register_actors() -> list:
    """Supervision of overdue demands and settling unrated ones."""
    from plugins.demands.jobs import ACTORS

    return list(ACTORS)


@hookimpl
def register_schedules() -> list:
    """Both jobs, every night."""
    from plugins.demands.jobs import SCHEDULES

    return list(SCHEDULES)


@hookimpl
def module_disabled(org, session) -> None:
    """Nothing to do: switching the module off hides its routes and pages and keeps every row."""


@hookimpl
def register_nav(org) -> list[NavItem]:
    """The pipeline's section of the console (a street sees its queue, orders and figures)."""
    zh, en = _console("nav")
    return [
        NavItem(
            id="demands",
            label_zh=zh,
            label_en=en,
            path="demands/",
            order=40,
            scope="subtree",
            permission=("demands:stats", "read"),
        )
    ]


@hookimpl
def register_dashboard_cards(org) -> list[DashboardCard]:
    """This year's pipeline figures, and supervision orders (the street's dashboard)."""
    from plugins.demands import cards

    zh, en = _console("card_pipeline")
    szh, sen = _console("card_supervision")
    return [
        DashboardCard(
            id="demands.pipeline",
            title_zh=zh,
            title_en=en,
            load=cards.pipeline_card,
            order=40,
            scope="subtree",
            permission=("demands:stats", "read"),
        ),
        DashboardCard(
            id="demands.supervision",
            title_zh=szh,
            title_en=sen,
            load=cards.supervision_card,
            order=41,
            scope="subtree",
            permission=("demands:supervision", "read"),
        ),
    ]


@hookimpl
def register_exports() -> list[ExportSpec]:
    """The figures workbook."""
    from plugins.demands.pages.figures import build_export

    zh, en = _console("export_stats")
    return [
        ExportSpec(
            id="demands.stats",
            title_zh=zh,
            title_en=en,
            build=build_export,
            permission=("demands:stats", "export"),
        )
    ]


@hookimpl
def register_person_panels(org) -> list:
    """On a person's page: the demands they raised."""
    from core.people import PersonPanel
    from plugins.demands import cards

    zh, en = _console("card_pipeline")
    return [
        PersonPanel(
            id="demands",
            title_zh=zh,
            title_en=en,
            load=cards.person_panel,
            permission=("demands:demand", "read"),
            order=40,
        )
    ]


@hookimpl
async def demo_seeded(org, session, rng) -> None:
    """A plausible year of demands for one demo community."""
    from plugins.demands.demo import seed

    await seed(org, session, rng)


@hookimpl
async def collect_person_data(session, person) -> dict | None:
    """The demands a person raised (subject-access export)."""
    from plugins.demands.services import DemandService

    rows = await DemandService(session).of_person(person.id)
    if not rows:
        return None
    return {
        "demands": [
            {
                "tracking_code": d.tracking_code,
                "received_on": d.received_on.isoformat(),
                "category": d.category,
                "status": d.status,
                "content": d.content,
            }
            for d in rows
        ]
    }
