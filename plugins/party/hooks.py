"""Every hook implementation of the party plugin (and nothing else)."""

from __future__ import annotations

from core.authz import plugin_grants
from core.plugins import DashboardCard, NavItem, hookimpl

PLUGIN = "party"


@hookimpl
def register_routes() -> list:
    """The community side (mounted under /api/v1/orgs/{org_id}/party)."""
    from plugins.party.controllers import ROUTES

    return list(ROUTES)


@hookimpl
def register_unit_routes() -> list:
    """The unit side (mounted under /api/v1/units/{unit_id}/party)."""
    from plugins.party.unit_controllers import UNIT_ROUTES

    return list(UNIT_ROUTES)


@hookimpl
def register_pages() -> list:
    """The community's console pages (under /orgs/{org_id}/party)."""
    from plugins.party.pages import PAGES

    return list(PAGES)


@hookimpl
def register_unit_pages() -> list:
    """The unit's console pages (under /units/{unit_id}/party)."""
    from plugins.party.pages import UNIT_PAGES

    return list(UNIT_PAGES)


@hookimpl
def register_permissions() -> list[tuple[str, str, str, str]]:
    """The standard tiers on party:* (policy.csv adds representatives and unit accounts)."""
    return plugin_grants(PLUGIN)


@hookimpl
def register_actors() -> list:
    """The quota reminders."""
    from plugins.party.jobs import ACTORS

    return list(ACTORS)


@hookimpl
def register_schedules() -> list:
    """The quota reminders, daily (at most one a month per member)."""
    from plugins.party.jobs import SCHEDULES

    return list(SCHEDULES)


@hookimpl
async def module_enabled(org, session, config) -> None:
    """Seed the community's service posts from the config; idempotent."""
    from plugins.party.services import MemberService

    await MemberService(session).seed_posts(org)


@hookimpl
def module_disabled(org, session) -> None:
    """Nothing to do: switching the module off hides its routes and keeps every row."""


@hookimpl
async def volunteer_service_recorded(org, session, hours, source, ref, person_id, user_id) -> None:
    """Count another module's service (patrol's purple team …) towards the member's yearly quota."""
    from core.localtime import local_today
    from plugins.party.services import LedgerService

    await LedgerService(session).heard(
        org,
        hours=hours,
        source=source,
        ref=ref,
        person_id=person_id,
        user_id=user_id,
        served_on=local_today(),
    )


@hookimpl
async def volunteer_service_reversed(org, session, source, ref) -> None:
    """Take a reversed service out of the quota."""
    from plugins.party.services import LedgerService

    await LedgerService(session).reversed(org, source=source, ref=ref)


@hookimpl
def register_nav(org) -> list[NavItem]:
    """The party section of a community's console."""
    if org.level != "community":
        return []
    return [
        NavItem(
            id="party",
            label_zh="在职党员",
            label_en="Party members",
            path="party/",
            order=60,
            permission=("party:member", "read"),
        )
    ]


@hookimpl
def register_dashboard_cards(org) -> list[DashboardCard]:
    """Members and the quota, and the evaluation results, of this year (also at streets)."""
    from plugins.party import cards

    return [
        DashboardCard(
            id="party.members",
            title_zh="在职党员",
            title_en="In-service party members",
            load=cards.members_card,
            order=60,
            scope="subtree",
            permission=("party:member", "read"),
        ),
        DashboardCard(
            id="party.evaluation",
            title_zh="民主评议",
            title_en="Yearly evaluation",
            load=cards.evaluation_card,
            order=61,
            scope="subtree",
            permission=("party:evaluation", "read"),
        ),
    ]


@hookimpl
async def demo_seeded(org, session, rng) -> None:
    """A plausible year of report-ins, service, ballots and a feedback form at a demo community."""
    from plugins.party.demo import seed

    await seed(org, session, rng)


@hookimpl
def register_person_panels(org) -> list:
    """The person page shows whether they reported in, their employer and this year's service."""
    from core.people import PersonPanel
    from plugins.party.services import people

    return [
        PersonPanel(
            id="party",
            title_zh="在职党员",
            title_en="In-service party member",
            load=people.panel,
            permission=("party:member", "read"),
            order=60,
        )
    ]


@hookimpl
async def collect_person_data(session, person) -> dict | None:
    """Registration, ledger, conduct, answers, ballots received, forms and clearances of the person."""
    from plugins.party.services import people

    return await people.collect(session, person)


@hookimpl
async def person_erased(session, person_id) -> None:
    """Clear the free text about the person; the ledger keeps its entries."""
    from plugins.party.services import people

    await people.erase(session, person_id)
