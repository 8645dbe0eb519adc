"""Kept so older test modules can ``from shequ_testing import Api``: the helpers now ship with
shequ as ``core.testing`` (the ``shequ.testing`` pytest plugin), for outside plugins too."""

from __future__ import annotations

from core.settings import Settings
from core.testing import SECRET, Api, World, build_world  # noqa: F401


async def add_register_rows(settings: Settings, org_id: int, model, **values):
    """Insert one register row (a ``Unit``, a ``Person`` …) at a world org through the ORM; returns its id.

    For tests that need units and persons before the register's own API is at hand.
    """
    from core.db import Database
    from tenants.models import OrgUnit
    from tenants.scoping import set_scope

    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            org = await session.get(OrgUnit, org_id)
            set_scope(session, org.path)
            row = model(org_id=org_id, **values)
            session.add(row)
            await session.flush()
            row_id = row.id
            await session.commit()
    finally:
        await db.dispose()
    return row_id
