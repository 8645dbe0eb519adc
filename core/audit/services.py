"""Writing and reading the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit.models import AuditEntry


async def write_audit(
    session: AsyncSession,
    *,
    actor_id: int | None,
    actor_name: str,
    action: str,
    org: Any,
    object_type: str = "",
    object_id: str = "",
    ip: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; ``org`` is an OrgUnit (or None for platform-level actions)."""
    entry = AuditEntry(
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        org_id=org.id if org is not None else None,
        org_path=org.path if org is not None else "/",
        object_type=object_type,
        object_id=object_id,
        ip=ip,
        detail=detail or {},
    )
    session.add(entry)
    await session.flush()
    return entry


def audit_query(
    scope_path: str,
    *,
    action: str | None = None,
    actor_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select:
    """Entries inside the subtree at ``scope_path``, newest first, with optional filters.

    The audit log is not a TenantMixin model (it must outlive deleted orgs), so the
    subtree filter is applied here by hand; tests/core/audit checks it over HTTP.
    """
    stmt = select(AuditEntry).where(AuditEntry.org_path.startswith(scope_path))
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    if actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEntry.at < until)
    return stmt.order_by(AuditEntry.id.desc())
