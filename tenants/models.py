"""The territory tree and per-org module settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, PathType, TimestampMixin, utcnow
import core.statecache  # noqa: F401  (every writer of these rows announces its changes)

from core.levels import LEVELS  # noqa: F401  (re-exported: the tree's own vocabulary)


def level_index(level: str) -> int:
    """Depth of a level: city 0, street 1, community 2, grid 3."""
    return LEVELS.index(level)


def child_level(level: str) -> str | None:
    """The level directly below ``level``, or None for a grid."""
    i = level_index(level)
    return LEVELS[i + 1] if i + 1 < len(LEVELS) else None


class OrgUnit(TimestampMixin, Base):
    """One node of the territory tree: a city, street, community or grid."""

    __tablename__ = "org_units"
    __table_args__ = (
        CheckConstraint("level IN ('city', 'street', 'community', 'grid')", name="level"),
        Index("ix_org_units_path", "path", unique=True, postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="RESTRICT"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    # Materialised, slash-terminated path of ids ("/1/7/42/"); "" only inside the insert
    # transaction, before the id is known.
    path: Mapped[str] = mapped_column(PathType, default="")

    @property
    def depth(self) -> int:
        """Depth of this node in the tree (city 0)."""
        return level_index(self.level)

    def ancestor_ids(self) -> list[int]:
        """Ids on the path from the root down to and including this node."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class OrgModule(Base):
    """An explicit enable/disable of one plugin at one org; the nearest one up the tree wins."""

    __tablename__ = "org_modules"
    __table_args__ = (UniqueConstraint("org_id", "plugin", name="uq_org_modules_org_plugin"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"), index=True)
    plugin: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    changed_by: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
