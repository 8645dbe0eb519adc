"""Partner grants: an account holds a role on one unit of the register, not on an org subtree."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin
from tenants.scoping import TenantMixin


class PartnerGrant(TimestampMixin, TenantMixin, Base):
    """``user_id`` holds ``role`` (a unit role) on unit ``unit_id``; a tenant row of the unit's org."""

    __tablename__ = "partner_grants"
    __table_args__ = (
        UniqueConstraint("user_id", "unit_id", "role", name="uq_partner_grants_user_unit_role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("people_units.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[int | None] = mapped_column(Integer)
