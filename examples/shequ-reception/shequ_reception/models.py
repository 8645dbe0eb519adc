"""Reception visits, owned by the community where the resident was received."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin
from tenants.scoping import TenantMixin


class ReceptionVisit(TimestampMixin, TenantMixin, Base):
    """One resident received on a reception day."""

    __tablename__ = "reception_visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    receiver: Mapped[str] = mapped_column(String(50))
    receiver_id: Mapped[int | None] = mapped_column(Integer)
    visitor: Mapped[str] = mapped_column(String(50))
    matter: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text, default="")
