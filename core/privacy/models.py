"""The access log of personal data and guardian consents (tenant rows of the person's org)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from tenants.scoping import TenantMixin


class AccessLog(TenantMixin, Base):
    """One look at a person's full data: who, when, which fields, why and from where."""

    __tablename__ = "privacy_access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, index=True)  # no FK: outlives an erasure
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_name: Mapped[str] = mapped_column(String(150))
    action: Mapped[str] = mapped_column(String(32))  # reveal | open_record | export …
    source: Mapped[str] = mapped_column(String(32), default="people")  # "people" or a plugin id
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Consent(TenantMixin, Base):
    """A guardian's consent for one purpose of processing a minor's data, until withdrawn."""

    __tablename__ = "privacy_consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people_persons.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(64), index=True)
    guardian_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_persons.id", ondelete="SET NULL")
    )
    guardian_name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(32))  # 父亲, 母亲, 祖父母, 其他监护人 …
    document: Mapped[str] = mapped_column(String(300), default="")  # where the signed form is
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column()
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
