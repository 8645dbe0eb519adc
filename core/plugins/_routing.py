"""Mounting plugin routes under /api/v1/orgs/{org_id}/<plugin> and /orgs/{org_id}/<plugin>."""

from __future__ import annotations

from litestar import Router
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from core.plugins._manager import PluginManager


SUBTREE = "subtree"


def module_guard(plugin_id: str):
    """A guard answering 404 naming the module when ``plugin_id`` is off at the path's org.

    A handler marked ``opt={"module_scope": "subtree"}`` (read-only figures of a subtree) also
    passes where the module is off at the org but on at some org below it.

    The caller's rights come first: someone holding no role at the org or above it learns
    nothing of where a module is on (403, as the handler itself would answer).
    """

    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        from core.users.models import User
        from tenants.models import OrgUnit
        from tenants.modules.services import ModuleService
        from tenants.scoping import set_scope

        org_id = connection.path_params.get("org_id")
        principal = connection.scope.get("user")
        if principal is None:  # an anonymous console visitor: the login page, not the module's state
            raise NotAuthorizedException(detail="log in first")
        async with connection.app.state.db.session() as session:
            set_scope(session, None)
            org = await session.get(OrgUnit, org_id)
            if org is None:
                raise NotFoundException(detail=f"org {org_id} not found")
            user = await session.get(User, principal.user_id)
            if user is None or not (user.is_platform_admin or connection.app.state.authz.roles_at(user.id, org.path)):
                raise PermissionDeniedException(detail=f"you may not use module '{plugin_id}' at org {org_id}")
            plugins = getattr(connection.app.state, "plugins", None)
            modules = ModuleService(session, plugins)
            if handler.opt.get("module_scope") == SUBTREE:
                enabled = await modules.is_enabled_in_subtree(org, plugin_id)
            else:
                enabled = await modules.is_enabled(org, plugin_id)
            if not enabled:
                raise NotFoundException(detail=f"module '{plugin_id}' is not enabled at org {org_id}")

    guard.__name__ = f"module_guard_{plugin_id}"
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
