"""The application factory: ``create_app()`` builds the ASGI app (granian: ``core.app:create_app --factory``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router
from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig

from core import __version__, web
from core.auth.controllers import login, logout
from core.auth.middleware import TokenAuthMiddleware
from core.auth.ratelimit import LoginLimiter
from core.authz.runtime import AuthzRuntime
from core.cache import key, make_redis
from core.context import provide_context, provide_session
from core.db import Database
from core.edge import MAX_PARTS, InputGuardMiddleware
from core.openapi import document_errors
from core.errors import EXCEPTION_HANDLERS, scope_violation_handler
from core.unavailable import UNAVAILABLE_HANDLERS
from core.health import live, ready
from dramatiq.brokers.stub import StubBroker

from core.jobs import InProcessWorker, start_jobs
from core.jobs.outbox import OutboxRelay
from core.plugins import get_plugin_manager
from core.partners.runtime import PartnerRuntime
from core.plugins._routing import api_routers, page_routers, unit_api_routers, unit_page_routers
from core.observability import (
    ObservabilityMiddleware,
    configure_logging,
    configure_tracing,
    metrics_endpoint,
)
from core.settings import Settings, get_settings
from core.statecache import Notices, StateCache, announce_through
from core.web.middleware import secure_response_headers
import tenants.modules.services  # noqa: F401  (registers per-org enablement with core.plugins)
from tenants.scoping import ScopeViolation


API_PREFIX = "/api/v1"


def api_route_handlers() -> list:
    """Core's JSON API under /api/v1 (plugins add theirs through the register_routes hook)."""
    from core.audit.controllers import AuditController, list_platform_audit
    from core.exports_api import ExportController
    from core.jobs.controllers import DeadJobController
    from core.jobs.run_controllers import RunController
    from core.partners.controllers import PartnerGrantController
    from core.notify.controllers import my_inbox, read_message
    from core.people.controllers import PersonController
    from core.people.controllers_units import HouseholdController, UnitController
    from core.users.account_controllers import AccountController, change_own_password, list_accounts
    from core.users.controllers import MemberController, UserController, me
    from tenants.modules.controllers import ModuleController, list_plugins
    from tenants.orgs.controllers import OrgController
    from tenants.provisioning.controllers import ProvisionController

    return [login, logout, me, OrgController, UserController, MemberController, AccountController,
            list_accounts, change_own_password, AuditController, list_platform_audit,
            ProvisionController, ModuleController, list_plugins, DeadJobController, RunController, ExportController,
            PartnerGrantController,
            PersonController, HouseholdController, UnitController, my_inbox, read_message]


def api_router(extra_handlers: list | None = None) -> Router:
    """The bearer-token API: every route below /api/v1 needs a valid token unless it opts out.

    Unit (partner) accounts are refused on every org route before the body is read.
    """
    from core.partners.guards import partner_org_guard

    return Router(
        path=API_PREFIX,
        route_handlers=[*api_route_handlers(), *(extra_handlers or [])],
        middleware=[DefineMiddleware(TokenAuthMiddleware)],
        guards=[partner_org_guard],
    )


def _tracing_plugins() -> list:
    from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin

    return [OpenTelemetryPlugin(OpenTelemetryConfig())]


async def _fail_lost_runs(db: Database) -> None:
    # The in-memory broker lost whatever was queued when the process stopped; say so on the
    # runs instead of leaving them "queued" for ever.
    from core.jobs.outbox import clear_outbox
    from core.jobs.runs import fail_interrupted
    from tenants.scoping import unscoped

    try:
        async with db.session() as session:
            async with unscoped(session, "a restart settles every org's interrupted runs"):
                await fail_interrupted(session, "interrupted: the server restarted before the job finished")
                await clear_outbox(session)  # messages of the runs just failed
            await session.commit()
    except Exception:  # noqa: BLE001 - the app must start so /health/ready can say why
        logging.getLogger(__name__).exception("could not settle interrupted job runs at start-up")


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the app for ``settings`` (read from ``SHEQU_*`` when not given)."""
    settings = settings or get_settings()
    settings.check()
    configure_logging(settings.json_logs, settings.log_level)
    # Spans exist only when an exporter was configured (SHEQU_OTEL_ENDPOINT + opentelemetry installed).
    tracing_plugins = _tracing_plugins() if configure_tracing("shequ-web") else []
    # Discovery checks manifests, requires_core and hook names: a bad plugin stops start-up here.
    plugins = get_plugin_manager()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        state = app.state
        if settings.embedded:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        state.db = Database(settings.effective_database_url)
        state.redis = make_redis(settings)
        state.login_limiter = LoginLimiter(settings)
        state.authz = AuthzRuntime(state.db, state.redis, key(settings, "authz"))
        state.authz.add_grants(plugins.grants())  # before start(): reload() keeps extra grants
        state.partners = PartnerRuntime(state.authz)  # unit roles reload with the role links
        # User, org and module facts every request re-reads; with Redis it caches only while
        # the authz subscriber hears the change notices (see core/statecache.py).
        state.cache = StateCache(live=state.redis is None)
        state.authz.followers.append(state.cache)
        announce_through(state.db, Notices(settings.redis_url, state.authz.channel, state.authz.origin,
                                           (state.cache,)))
        await state.authz.start()
        state.broker = start_jobs(settings, plugins.actors())
        if isinstance(state.broker, StubBroker):
            await _fail_lost_runs(state.db)
        worker = InProcessWorker(state.broker) if settings.in_process_worker else None
        if worker is not None:
            worker.start()
        state.outbox = OutboxRelay(state.db, state.broker)
        state.outbox.start()
        try:
            yield
        finally:
            await state.outbox.stop()
            if worker is not None:
                await asyncio.to_thread(worker.stop)
            state.broker.close()
            await state.authz.stop()
            if state.redis is not None:
                await state.redis.aclose()
            await state.db.dispose()

    config = AppConfig(
        plugins=tracing_plugins,
        route_handlers=[live, ready, metrics_endpoint,
                        api_router([*api_routers(plugins), *unit_api_routers(plugins)]),
                        web.web_router([*page_routers(plugins), *unit_page_routers(plugins)]), web.static_router()],
        dependencies={"ctx": Provide(provide_context), "db_session": Provide(provide_session)},
        # Observability first, so the access log and request id cover the answers of the others.
        middleware=[ObservabilityMiddleware, web.ConsoleMiddleware, InputGuardMiddleware],
        before_send=[secure_response_headers],
        multipart_form_part_limit=MAX_PARTS,
        # The database's errors: unavailable (503) or a refused value (422); see core/unavailable.py.
        exception_handlers={**EXCEPTION_HANDLERS, **UNAVAILABLE_HANDLERS, ScopeViolation: scope_violation_handler,
                            NotFoundException: web.app_not_found},
        template_config=web.template_config(),
        lifespan=[lifespan],
        openapi_config=OpenAPIConfig(title="shequ", version=__version__, path="/schema"),
        state=None,
        debug=False,
        # AppConfig leaves this Empty (unlike Litestar()), which makes every request body a 500.
        request_max_body_size=10_000_000,
    )
    app = Litestar.from_config(config)
    document_errors(app, API_PREFIX)
    app.state.settings = settings
    app.state.plugins = plugins
    app.state.plugin_ids = plugins.ids
    return app
