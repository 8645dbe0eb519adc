"""Every hook implementation of the children's home (and nothing else)."""

from __future__ import annotations

from core.authz import plugin_grants
from core.people import PersonPanel
from core.plugins import DashboardCard, NavItem, hookimpl
from core.privacy import Purpose
from plugins.children import cards
from plugins.children.vocab import pair

PLUGIN = "children"


@hookimpl
def register_routes() -> list:
    """The JSON API (mounted under /api/v1/orgs/{org_id}/children)."""
    from plugins.children.controllers import ROUTES

    return list(ROUTES)


@hookimpl
def register_pages() -> list:
    """The console pages (mounted under /orgs/{org_id}/children)."""
    from plugins.children.pages import PAGES

    return list(PAGES)


@hookimpl
def register_permissions() -> list[tuple[str, str, str, str]]:
    """Everything for the secretary and the director; policy.csv has the rest (no street tier)."""
    return plugin_grants(PLUGIN, {"community_secretary": ("*",), "children_director": ("*",)})


@hookimpl
def register_actors() -> list:
    """The nightly round."""
    from plugins.children.jobs import ACTORS

    return list(ACTORS)


@hookimpl
def register_schedules() -> list:
    """The nightly round at 03:00."""
    from plugins.children.jobs import SCHEDULES

    return list(SCHEDULES)


@hookimpl
def register_consent_purposes() -> list[Purpose]:
    """Pairing assistance and custody: what guardians consent to."""
    from plugins.children.services import CARE, CUSTODY

    return [
        Purpose(
            CARE,
            "结对帮扶记录",
            "Pairing assistance records",
            "帮扶人联系走访记录（亲情联络、道德教育、成长引导、家庭情况、思想、成绩、日常表现）与父母联系方式",
        ),
        Purpose(
            CUSTODY,
            "流动儿童之家托管",
            "Custody at the children's home",
            "托管签到签退、接送人登记与活动签到",
        ),
    ]


@hookimpl
def module_enabled(org, session, config) -> None:
    """Nothing to seed: a home starts empty."""


@hookimpl
def module_disabled(org, session) -> None:
    """Nothing to do: switching the module off hides its routes and keeps every row."""


@hookimpl
def register_nav(org) -> list[NavItem]:
    """The home's pages at a community; the figures page at a street or city."""
    if org.level == "community":
        zh, en = pair("console", "nav")
        return [
            NavItem(
                id="children",
                label_zh=zh,
                label_en=en,
                path="children/",
                order=60,
                permission=("children:child", "read"),
            )
        ]
    zh, en = pair("console", "nav_figures")
    return [
        NavItem(
            id="children.figures",
            label_zh=zh,
            label_en=en,
            path="children/figures",
            order=60,
            scope="subtree",
            permission=("children:stats", "read"),
        )
    ]


@hookimpl
def register_dashboard_cards(org) -> list[DashboardCard]:
    """Exact figures and overdue pairings at a community; hidden small counts above it."""
    if org.level == "community":
        zh, en = pair("console", "card_children")
        return [
            DashboardCard(
                id="children.home",
                title_zh=zh,
                title_en=en,
                load=cards.home_card,
                order=60,
                permission=("children:pairing", "read"),
            )
        ]
    zh, en = pair("console", "card_figures")
    return [
        DashboardCard(
            id="children.figures",
            title_zh=zh,
            title_en=en,
            load=cards.figures_card,
            order=60,
            scope="subtree",
            permission=("children:stats", "read"),
        )
    ]


@hookimpl
def register_person_panels(org) -> list[PersonPanel]:
    """On a child's register page: category and status only (the record is opened here)."""
    from plugins.children.services.panels import child_panel

    return [
        PersonPanel(
            id="children",
            title_zh="留守儿童之家",
            title_en="Children's home",
            load=child_panel,
            permission=("children:child", "read"),
        )
    ]


@hookimpl
async def collect_person_data(session, person) -> dict | None:
    """A subject-access export: the child's record of this module, or None."""
    from plugins.children.services.panels import person_data

    return await person_data(session, person)


@hookimpl
async def person_erased(session, person_id) -> None:
    """Drop the parents' details and every note; keep counts (rows) without identity."""
    from plugins.children.services import ChildService

    await ChildService(session).anonymise_person(person_id)


@hookimpl
async def demo_seeded(org, session, rng) -> None:
    """A plausible year of the home for one demo community."""
    from plugins.children.services.demo import seed_demo

    await seed_demo(session, org, rng)
