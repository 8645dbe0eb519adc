"""Tenant scoping: every ORM query on a tenant-owned model is filtered to the session's scope.

A scope is one subtree of the territory tree, named by its slash-terminated path
(``/1/7/42/``); ``/`` is the whole platform. The rules this module enforces:

- SELECT, UPDATE and DELETE through the ORM get ``org_path LIKE '<scope>%'`` on every
  tenant model they touch (``with_loader_criteria``, including aliases and joins).
- INSERTs go through the unit of work: ``before_flush`` copies ``org_path`` from the org
  and refuses a row outside the scope. Bulk ORM inserts into tenant models are refused.
- Raw SQL (``text()`` or Core statements) is refused in a scoped session unless the caller
  marks it ``execution_options(scoped_by_hand=True)`` and filters it itself.
- A session without any scope refuses to read or write tenant rows at all (fail closed).
- A scope can only narrow. Leaving it is one explicit call: ``async with unscoped(session,
  reason)``; on exit the tenant rows loaded meanwhile leave the identity map, so a later
  ``session.get()`` cannot return them without SQL.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import ForeignKey, event, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, with_loader_criteria

from core.db import Base, PathType, TenantSession  # noqa: F401  (PathType, TenantSession re-exported)
from tenants.models import OrgUnit

SCOPE_KEY = "shequ.scope"
_UNSCOPED = "<unscoped>"
_NOTHING = "<nothing>"
# A prefix no real path can start with: used when a scope is required but grants nothing.
_IMPOSSIBLE_PREFIX = "#"
_PATH_RE = re.compile(r"^/(?:\d+/)*$")



class ScopeError(RuntimeError):
    """A tenant model was used in a way the scope rules forbid (a programming error)."""


class ScopeViolation(ScopeError):
    """A write would put or change a row outside the session's scope."""


class TenantMixin:
    """Columns of a tenant-owned row: the org it belongs to and a copy of that org's path."""

    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="RESTRICT"), index=True)
    org_path: Mapped[str] = mapped_column(PathType, index=True)


def check_path(path: str) -> str:
    """Return ``path`` if it is a slash-terminated org path, else raise ValueError."""
    if not _PATH_RE.match(path):
        raise ValueError(f"not an org path: {path!r} (expected '/1/7/42/')")
    return path


def _sync(session: AsyncSession | Session) -> Session:
    return session.sync_session if isinstance(session, AsyncSession) else session


def get_scope(session: AsyncSession | Session) -> str | None:
    """The session's scope path, None if none was set; '<unscoped>' inside ``unscoped``."""
    return _sync(session).info.get(SCOPE_KEY)


def in_scope(scope: str | None, path: str) -> bool:
    """True when ``path`` lies inside ``scope``."""
    if scope == _UNSCOPED:
        return True
    if scope is None or scope == _NOTHING:
        return False
    return path.startswith(scope)


def set_scope(session: AsyncSession | Session, path: str | None) -> None:
    """Restrict the session to the subtree at ``path`` (None: to no tenant rows at all).

    A scope may only narrow: widening it needs :func:`unscoped`.
    """
    sync = _sync(session)
    new = _NOTHING if path is None else check_path(path)
    current = sync.info.get(SCOPE_KEY)
    if current == _UNSCOPED:
        raise ScopeError("cannot set a scope inside unscoped(); leave it first")
    if current not in (None, _NOTHING) and not (new != _NOTHING and new.startswith(current)):
        raise ScopeError(f"scope can only narrow: {current!r} -> {new!r}")
    sync.info[SCOPE_KEY] = new


@asynccontextmanager
async def unscoped(session: AsyncSession, reason: str) -> AsyncIterator[AsyncSession]:
    """Leave the tenant scope for the block; ``reason`` says why, for the reader and the logs."""
    if not reason:
        raise ScopeError("unscoped() needs a reason")
    sync = _sync(session)
    previous = sync.info.get(SCOPE_KEY)
    sync.info[SCOPE_KEY] = _UNSCOPED
    try:
        yield session
        await session.flush()
    finally:
        if previous is None:
            sync.info.pop(SCOPE_KEY, None)
        else:
            sync.info[SCOPE_KEY] = previous
        for obj in list(sync.identity_map.values()):
            if isinstance(obj, TenantMixin) and obj not in sync.dirty and obj not in sync.new:
                sync.expunge(obj)


def tenant_models() -> list[type]:
    """Every mapped class that carries the tenant mixin (core and plugins)."""
    return [m.class_ for m in Base.registry.mappers if issubclass(m.class_, TenantMixin)]


def _is_tenant(mapper) -> bool:
    return issubclass(mapper.class_, TenantMixin)


@event.listens_for(TenantSession, "do_orm_execute")
def _apply_scope(state: ORMExecuteState) -> None:
    scope = state.session.info.get(SCOPE_KEY)
    if scope == _UNSCOPED:
        return
    if not state.is_orm_statement:
        if scope is None or state.execution_options.get("scoped_by_hand"):
            return
        raise ScopeError(
            "raw SQL in a scoped session: use the ORM, or filter by org_path yourself and mark "
            "the statement execution_options(scoped_by_hand=True)"
        )
    touches_tenant = any(_is_tenant(m) for m in state.all_mappers)
    if state.is_insert:
        if touches_tenant:
            raise ScopeError("bulk INSERT into a tenant model: add objects to the session instead")
        return
    if scope is None and touches_tenant:
        raise ScopeError("query on a tenant model in a session without a scope: call set_scope()")
    prefix = scope if scope not in (None, _NOTHING) else _IMPOSSIBLE_PREFIX
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantMixin, lambda cls: cls.org_path.startswith(prefix), include_aliases=True
        )
    )


@event.listens_for(TenantSession, "before_flush")
def _check_writes(session: Session, _ctx, _instances) -> None:
    scope = session.info.get(SCOPE_KEY)
    new = [o for o in session.new if isinstance(o, TenantMixin)]
    dirty = [o for o in session.dirty if isinstance(o, TenantMixin) and session.is_modified(o)]
    deleted = [o for o in session.deleted if isinstance(o, TenantMixin)]
    if not (new or dirty or deleted):
        return
    if scope is None:
        raise ScopeError("write to a tenant model in a session without a scope: call set_scope()")
    for obj in new + dirty:
        if obj.org_id is None:
            raise ScopeError(f"{type(obj).__name__} needs an org_id")
    wanted = {obj.org_id for obj in new + dirty}
    with session.no_autoflush:
        rows = session.execute(select(OrgUnit.id, OrgUnit.path).where(OrgUnit.id.in_(wanted))).all()
    paths = dict(rows)
    for obj in new + dirty:
        if obj.org_id not in paths:
            raise ScopeViolation(f"{type(obj).__name__}: org {obj.org_id} does not exist")
        obj.org_path = paths[obj.org_id]
    for obj in new + dirty + deleted:
        if not in_scope(scope, obj.org_path):
            raise ScopeViolation(
                f"{type(obj).__name__} at {obj.org_path} is outside the session scope {scope}"
            )
