"""Mounting plugin routes under /api/v1/orgs/{org_id}/<plugin> and /orgs/{org_id}/<plugin>,
and unit-scoped ones (partner accounts) under /api/v1/units/{unit_id}/<plugin> and /units/{unit_id}/<plugin>."""

from __future__ import annotations

from litestar import Router
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from core.plugins._manager import PluginManager
from core.statecache import get_row, remember


SUBTREE = "subtree"
PUBLIC = "public"


def module_guard(plugin_id: str):
    """A guard answering 404 naming the module when ``plugin_id`` is off at the path's org.

    A handler marked ``opt={"module_scope": "subtree"}`` (read-only figures of a subtree) also
    passes where the module is off at the org but on at some org below it.

    The caller's rights come first: someone holding no role at the org or above it learns
    nothing of where a module is on (403, as the handler itself would answer). A page marked
    ``opt={"module_access": "public"}`` is for visitors without an account (a resident's
    public page): it skips the login and role checks, and still answers 404 where the module
    is off; the handler takes the plain ``db_session``, scopes it itself, checks CSRF and
    rate-limits.
    """

    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        from core.users.models import User
        from tenants.models import OrgUnit
        from tenants.modules.services import ModuleService
        from tenants.scoping import set_scope

        org_id = connection.path_params.get("org_id")
        principal = connection.scope.get("user")
        public = handler.opt.get("module_access") == PUBLIC
        if principal is None and not public:  # an anonymous console visitor: the login page
            raise NotAuthorizedException(detail="log in first")
        state = connection.app.state
        cache = getattr(state, "cache", None)  # core.statecache: no SQL once warm
        subtree = handler.opt.get("module_scope") == SUBTREE
        async with state.db.session() as session:
            set_scope(session, None)
            org = await get_row(session, cache, OrgUnit, org_id)
            if org is None:
                raise NotFoundException(detail=f"org {org_id} not found")
            if not public:
                user = await get_row(session, cache, User, principal.user_id)
                if user is None or not (user.is_platform_admin or state.authz.roles_at(user.id, org.path)):
                    raise PermissionDeniedException(detail=f"you may not use module '{plugin_id}' at org {org_id}")
            modules = ModuleService(session, getattr(state, "plugins", None))
            if subtree:
                check = modules.is_enabled_in_subtree
            else:
                check = modules.is_enabled
            enabled = await remember(cache, ("module", org.id, plugin_id, subtree), lambda: check(org, plugin_id))
            if not enabled:
                raise NotFoundException(detail=f"module '{plugin_id}' is not enabled at org {org_id}")

    guard.__name__ = f"module_guard_{plugin_id}"
    return guard


async def unit_role_guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """On routes with ``{unit_id}``: refuse anyone without a unit role there (platform admins pass)."""
    unit_id = connection.path_params.get("unit_id")
    principal = connection.scope.get("user")
    partners = getattr(connection.app.state, "partners", None)  # core.partners' runtime
    if unit_id is None:
        return
    if principal is None:  # an anonymous console visitor: the login page, nothing of the unit
        raise NotAuthorizedException(detail="log in first")
    if partners is not None and unit_id in partners.units_of(principal.user_id):
        return
    from core.audit.services import write_audit
    from core.users.models import User
    from tenants.scoping import set_scope

    async with connection.app.state.db.session() as session:
        set_scope(session, None)
        user = await session.get(User, principal.user_id)
        if user is None or not user.is_platform_admin:
            await write_audit(session, actor_id=principal.user_id, actor_name=principal.username,
                              action="authz.denied", org=None, object_type="unit", object_id=str(unit_id),
                              ip=connection.client.host if connection.client else "",
                              detail={"path": connection.url.path})
            await session.commit()
            raise PermissionDeniedException(detail=f"you hold no role at unit {unit_id}")


def unit_module_guard(plugin_id: str):
    """A guard answering 404 unless ``plugin_id`` is on somewhere in the city of the path's unit.

    A unit's members live in many communities; each plugin filters the rows it shows to
    the communities where it is on. The guard only refuses what no community could answer.
    """

    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        from core.people.models import Unit
        from tenants.models import OrgUnit
        from tenants.modules.services import ModuleService
        from tenants.scoping import set_scope, unscoped

        unit_id = connection.path_params.get("unit_id")
        async with connection.app.state.db.session() as session:
            set_scope(session, None)
            async with unscoped(session, "the unit guard finds the unit's city, whichever org registered it"):
                unit = await session.get(Unit, unit_id) if 0 < unit_id <= 2**31 - 1 else None
                city_id = int(unit.org_path.strip("/").split("/")[0]) if unit is not None else None
            if city_id is None:
                raise NotFoundException(detail=f"unit {unit_id} not found")
            city = await session.get(OrgUnit, city_id)
            plugins = getattr(connection.app.state, "plugins", None)
            if city is None or not await ModuleService(session, plugins).is_enabled_in_subtree(city, plugin_id):
                raise NotFoundException(detail=f"module '{plugin_id}' is not enabled for unit {unit_id}")

    guard.__name__ = f"unit_module_guard_{plugin_id}"
    return guard


def _routers(manager: PluginManager, hook: str, prefix: str) -> list[Router]:
    routers = []
    for pid in manager.ids:
        handlers = manager.collect_plugin(pid, hook)
        if handlers:
            routers.append(Router(path=f"{prefix}/{{org_id:int}}/{pid}", route_handlers=handlers,
                                  guards=[module_guard(pid)], tags=[pid]))
    return routers


def api_routers(manager: PluginManager) -> list[Router]:
    """One router per plugin with routes, to mount inside the /api/v1 router."""
    return _routers(manager, "register_routes", "/orgs")


def page_routers(manager: PluginManager) -> list[Router]:
    """One router per plugin with console pages, to mount at the top level."""
    return _routers(manager, "register_pages", "/orgs")


def _unit_routers(manager: PluginManager, hook: str, prefix: str) -> list[Router]:
    routers = []
    for pid in manager.ids:
        handlers = manager.collect_plugin(pid, hook)
        if handlers:
            # The role check first: a stranger learns nothing, not even whether the module is on.
            routers.append(Router(path=f"{prefix}/{{unit_id:int}}/{pid}", route_handlers=handlers,
                                  guards=[unit_role_guard, unit_module_guard(pid)], tags=[f"{pid} (units)"]))
    return routers


def unit_api_routers(manager: PluginManager) -> list[Router]:
    """One router per plugin with unit routes, to mount inside the /api/v1 router."""
    return _unit_routers(manager, "register_unit_routes", "/units")


def unit_page_routers(manager: PluginManager) -> list[Router]:
    """One router per plugin with unit console pages, to mount at the top level."""
    return _unit_routers(manager, "register_unit_pages", "/units")


def unit_page_plugins(manager: PluginManager) -> list[str]:
    """Ids of the plugins that offer console pages to unit accounts."""
    return [pid for pid in manager.ids if manager.collect_plugin(pid, "register_unit_pages")]
