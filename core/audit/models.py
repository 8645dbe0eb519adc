"""Audit log rows: who did what, at which org and object, when and from where."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, PathType, utcnow


class AuditEntry(Base):
    """One audited action. Rows are never updated or deleted (database triggers refuse it).

    Not a TenantMixin model on purpose: its org may later be deleted, and the log must
    outlive it, so ``org_id`` carries no foreign key. Reads are scoped by ``org_path`` in
    :mod:`core.audit.services`.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    org_id: Mapped[int | None] = mapped_column(Integer)
    org_path: Mapped[str] = mapped_column(PathType, index=True, default="/")
    object_type: Mapped[str] = mapped_column(String(64), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
