"""Every model with the tenant mixin is filtered by org_path in every ORM read and write.

Generic on purpose: a plugin's new TenantMixin model is covered as soon as it is installed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, event, func, inspect, select, update

from core.db import Database
from core.models import load_all_models
from tenants.scoping import set_scope, tenant_models

SCOPE = "/987654/"


def _models() -> list[type]:
    load_all_models()
    return sorted(tenant_models(), key=lambda m: m.__name__)


def test_the_contract_covers_core_and_plugin_models():
    names = {m.__tablename__ for m in _models()}
    assert "role_assignments" in names
    assert "reception_visits" in names, "the example plugin's model must be covered (pip install -e examples/shequ-reception)"


def _filtered(sql: str) -> bool:
    """org_path appears in the WHERE clause (every selected row carries the column too)."""
    _, _, where = sql.partition("WHERE")
    return "org_path" in where


def _statements(model):
    pk = inspect(model).primary_key[0]
    return [
        ("select", lambda s: s.execute(select(model))),
        ("count", lambda s: s.execute(select(func.count()).select_from(model))),
        ("get", lambda s: s.get(model, 1)),
        ("update", lambda s: s.execute(update(model).where(pk == 1).values({pk.key: pk})
                                       .execution_options(synchronize_session=False))),
        ("delete", lambda s: s.execute(delete(model).where(pk == 1).execution_options(synchronize_session=False))),
    ]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
async def test_tenant_model_is_never_read_or_written_unfiltered(settings, model):
    db = Database(settings.effective_database_url)
    seen: list[tuple[str, object]] = []

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def capture(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    try:
        async with db.session() as session:
            set_scope(session, SCOPE)
            for label, run in _statements(model):
                seen.clear()
                await run(session)
                assert seen, f"{model.__name__} {label}: no SQL was sent"
                sql, params = seen[-1]
                assert _filtered(sql), f"{model.__name__} {label} is not filtered by org_path:\n{sql}"
                assert SCOPE in str(params), f"{model.__name__} {label} does not use the session scope: {params}"
            await session.rollback()
    finally:
        await db.dispose()


async def test_the_check_fails_for_an_unfiltered_query(settings):
    from core.users.models import RoleAssignment
    from tenants.scoping import unscoped

    db = Database(settings.effective_database_url)
    seen: list[str] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    try:
        async with db.session() as session:
            async with unscoped(session, "prove the contract test can see a missing filter"):
                await session.execute(select(RoleAssignment))
        assert seen and not _filtered(seen[-1])
    finally:
        await db.dispose()
