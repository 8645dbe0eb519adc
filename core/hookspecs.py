"""Every hook a plugin may implement; the names and arguments are the plugin contract.

Families: ``register_<things>()`` returns a list; ``<noun>_<past participle>(org, ...)``
states a fact and its return is ignored; ``validate_<thing>(org, ...)`` raises to veto.
Implementations may be ``async def``: core awaits coroutine results. Per-org hooks (those
taking ``org``) reach only the plugins enabled at that org. Hooks grow by adding
arguments, never by renaming (pluggy passes only the arguments an implementation names).
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("shequ")
hookimpl = pluggy.HookimplMarker("shequ")


@hookspec
def register_routes():
    """Litestar handlers of the plugin's JSON API, relative to /api/v1/orgs/{org_id:int}/<plugin>."""


@hookspec
def register_pages():
    """Litestar handlers of the plugin's console pages, relative to /orgs/{org_id:int}/<plugin>."""


@hookspec
def register_unit_routes():
    """Litestar handlers for partner (unit) accounts, relative to /api/v1/units/{unit_id:int}/<plugin>."""


@hookspec
def register_unit_pages():
    """Litestar handlers of console pages for unit accounts, relative to /units/{unit_id:int}/<plugin>."""


@hookspec
def register_permissions():
    """Extra casbin grants ``(role, "*", "<plugin>:<resource>", act)`` beyond policy.csv."""


@hookspec
def register_actors():
    """Background job actors (``core.jobs.actor``); each takes org_id first and is idempotent."""


@hookspec
def register_schedules():
    """Periodic jobs: ``Schedule`` entries the scheduler fires once per enabled org."""


@hookspec
def register_nav(org):
    """Navigation entries (``NavItem``) of the console for ``org``."""


@hookspec
def register_dashboard_cards(org):
    """Dashboard cards (``DashboardCard``) shown on the console home of ``org``."""


@hookspec
def register_exports():
    """Spreadsheet exports (``ExportSpec``) the plugin offers."""


@hookspec
def module_enabled(org, session, config):
    """The module was switched on at ``org``: seed defaults; must be harmless when run twice."""


@hookspec
def module_disabled(org, session):
    """The module was switched off at ``org``; must never delete data."""


@hookspec
def org_created(org, session):
    """A node was created (fires for plugins enabled at the new node), in its transaction."""


@hookspec
def volunteer_service_recorded(org, session, person_name, user_id, hours, source, ref, person_id):
    """A volunteer served ``hours`` at ``org`` (``source`` the emitting plugin, ``ref`` its id;
    ``person_id`` the register's person, None when the volunteer is not registered)."""


@hookspec
def volunteer_service_reversed(org, session, source, ref):
    """The service ``(source, ref)`` reported earlier was undone (e.g. a check-out corrected)."""


@hookspec
def register_person_tags():
    """Tags (``core.people.TagDef``) the plugin adds to the register's controlled vocabulary."""


@hookspec
def register_consent_purposes():
    """Purposes (``core.privacy.Purpose``) for which the plugin processes minors' data."""


@hookspec
def register_person_panels(org):
    """Panels (``core.people.PersonPanel``) the plugin shows on a person's page at ``org``."""


@hookspec
def collect_person_data(session, person):
    """Everything the plugin holds about ``person`` as a JSON-able dict (subject export)."""


@hookspec
def person_erased(session, person_id):
    """The person was erased: drop or anonymise what identifies them; keep ledger entries."""


@hookspec
def register_notifiers():
    """Delivery channels (``core.notify.Notifier``) of the notification outbox (SMS, e-mail …)."""


@hookspec
def demo_seeded(org, session, rng):
    """The demo seeder created community ``org`` with this module on; add a plausible year of
    the module's records (``rng`` a seeded ``random.Random``)."""


@hookspec
def validate_module_config(org, config):
    """Raise ``core.errors.Invalid(field=...)`` to refuse ``config`` for this plugin at ``org``."""


PER_ORG_HOOKS: frozenset[str] = frozenset(
    {"register_nav", "register_dashboard_cards", "module_enabled", "module_disabled", "org_created",
     "volunteer_service_recorded", "volunteer_service_reversed", "validate_module_config",
     "register_person_panels", "demo_seeded"}
)
"""Hooks dispatched only to the plugins enabled at the org they are about."""
