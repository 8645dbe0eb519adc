"""Every hook implementation of the love supermarket (and nothing else)."""

from __future__ import annotations

from core.authz import plugin_grants
from core.people import PersonPanel
from core.plugins import DashboardCard, ExportSpec, NavItem, hookimpl
from plugins.supermarket import cards
from plugins.supermarket.vocab import vocab

PLUGIN = "supermarket"


def _console(key: str) -> tuple[str, str]:
    zh, en = vocab()["console"][key]
    return zh, en


@hookimpl
def register_routes() -> list:
    """The JSON API (mounted under /api/v1/orgs/{org_id}/supermarket)."""
    from plugins.supermarket.controllers import ROUTES

    return list(ROUTES)


@hookimpl
def register_pages() -> list:
    """The console pages (mounted under /orgs/{org_id}/supermarket)."""
    from plugins.supermarket.pages import PAGES

    return list(PAGES)


@hookimpl
def register_permissions() -> list[tuple[str, str, str, str]]:
    """The standard tiers on supermarket:* (policy.csv adds the rest)."""
    return plugin_grants(PLUGIN)


@hookimpl
def register_actors() -> list:
    """The points expiry."""
    from plugins.supermarket.jobs import ACTORS

    return list(ACTORS)


@hookimpl
def register_schedules() -> list:
    """The points expiry, nightly (idempotent: a second run expires nothing)."""
    from plugins.supermarket.jobs import SCHEDULES

    return list(SCHEDULES)


@hookimpl
def module_enabled(org, session, config) -> None:
    """Nothing to seed: accounts open on first use, items come with the first donation."""


@hookimpl
def module_disabled(org, session) -> None:
    """Nothing to do: switching the module off hides its routes and keeps every row."""


@hookimpl
def register_nav(org) -> list[NavItem]:
    """The supermarket section of the console, and the counter at a community."""
    zh, en = _console("nav")
    items = [
        NavItem(
            id="supermarket",
            label_zh=zh,
            label_en=en,
            path="supermarket/",
            order=55,
            scope="subtree",
            permission=("supermarket:reconciliation", "read"),
        )
    ]
    if org.level == "community":
        zh, en = _console("nav_counter")
        items.append(
            NavItem(
                id="supermarket.counter",
                label_zh=zh,
                label_en=en,
                path="supermarket/counter",
                order=56,
                permission=("supermarket:redemption", "create"),
            )
        )
    return items


@hookimpl
def register_dashboard_cards(org) -> list[DashboardCard]:
    """Stock and points of this year, with this month's reconciliation."""
    return [
        DashboardCard(
            id=f"supermarket.{key}",
            title_zh=_console(f"card_{key}")[0],
            title_en=_console(f"card_{key}")[1],
            load=load,
            order=order,
            scope="subtree",
            permission=("supermarket:stats", "read"),
        )
        for key, load, order in (("stock", cards.stock_card, 55), ("points", cards.points_card, 56))
    ]


@hookimpl
def register_exports() -> list[ExportSpec]:
    """The month's ledgers as a workbook."""
    zh, en = _console("export")
    return [
        ExportSpec(
            id="supermarket.ledgers",
            title_zh=zh,
            title_en=en,
            build=cards.build_export,
            permission=("supermarket:stats", "export"),
        )
    ]


@hookimpl
def register_person_panels(org) -> list[PersonPanel]:
    """The person's points balance and latest movements."""
    zh, en = _console("nav")
    return [
        PersonPanel(
            id="supermarket.points",
            title_zh=zh,
            title_en=en,
            load=cards.person_panel,
            permission=("supermarket:account", "read"),
        )
    ]


@hookimpl
async def volunteer_service_recorded(org, session, hours, source, ref, person_id, user_id) -> None:
    """Credit the configured points per hour to a registered volunteer, once per (source, ref)."""
    if person_id is None:
        return
    from plugins.supermarket.services import VolunteerCredits

    await VolunteerCredits(session).credit(
        org, person_id=person_id, hours=hours, source=source, ref=ref, user_id=user_id
    )


@hookimpl
async def volunteer_service_reversed(org, session, source, ref) -> None:
    """Reverse what was credited for ``(source, ref)``, once."""
    from plugins.supermarket.services import VolunteerCredits

    await VolunteerCredits(session).reverse(org, source=source, ref=ref)


@hookimpl
async def collect_person_data(session, person) -> dict | None:
    """The person's accounts, movements, goods received, donations, wishes and services."""
    from plugins.supermarket.services.subject import collect

    return await collect(session, person)


@hookimpl
async def person_erased(session, person_id) -> None:
    """Ledgers keep their entries (the register row no longer identifies anyone); free text
    the person wrote on the wish board is blanked."""
    from plugins.supermarket.services.subject import erase

    await erase(session, person_id)


@hookimpl
async def demo_seeded(org, session, rng) -> None:
    """A plausible year of donations, volunteering points, goods out and wishes."""
    from plugins.supermarket.services.demo import seed

    await seed(session, org, rng)
