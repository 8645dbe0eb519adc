"""The guard that keeps partner (unit) accounts fail-closed on org routes before a handler reads anything.

A handler's own ``enter_org`` is the real check; this one runs first, before
the request body is parsed, so a unit account meets 403 on every org route whatever it
sends (never a 400 that would tell it the route's shape). Plugins' unit routes have the
same kind of guard (``core.plugins._routing.unit_role_guard``).
"""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler


async def partner_org_guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """On routes with ``{org_id}``: refuse a unit account that holds no role at that org or above."""
    org_id = connection.path_params.get("org_id")
    principal = connection.scope.get("user")
    partners = getattr(connection.app.state, "partners", None)
    if (
        org_id is None
        or principal is None
        or partners is None
        or not partners.units_of(principal.user_id)
    ):
        return
    from core.audit.services import write_audit
    from tenants.models import OrgUnit
    from tenants.scoping import set_scope

    async with connection.app.state.db.session() as session:
        set_scope(session, None)
        org = await session.get(OrgUnit, org_id) if 0 < org_id <= 2**31 - 1 else None
        if org is None or not connection.app.state.authz.roles_at(principal.user_id, org.path):
            await write_audit(
                session,
                actor_id=principal.user_id,
                actor_name=principal.username,
                action="authz.denied",
                org=org,
                object_type="org",
                object_id=str(org_id),
                ip=connection.client.host if connection.client else "",
                detail={"path": connection.url.path, "unit_account": True},
            )
            await session.commit()
            raise PermissionDeniedException(detail=f"a unit account has no rights at org {org_id}")
