"""Photos of a demand: type-sniffed, size-limited, a few per demand."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from core.errors import N_, Conflict, Invalid, NotFound
from plugins.demands.models import Photo
from plugins.demands.services._common import get_demand

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 6
_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


def sniff(data: bytes) -> str | None:
    """The content type of JPEG, PNG or WebP bytes (by their first bytes, never the client's word)."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class PhotoService:
    """Photos of the scope's demands."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, demand_id: int, data: bytes, by_user_id: int | None) -> Photo:
        """Attach one photo to a demand."""
        demand = await get_demand(self.session, demand_id)
        if not data:
            raise Invalid(N_("the photo is empty"), field="file")
        if len(data) > MAX_BYTES:
            raise Invalid(
                N_("the photo is larger than {limit} bytes"),
                field="file",
                params={"limit": MAX_BYTES},
            )
        content_type = sniff(data)
        if content_type is None:
            raise Invalid(N_("the photo must be a JPEG, PNG or WebP image"), field="file")
        count = await self.session.scalar(
            select(func.count()).select_from(Photo).where(Photo.demand_id == demand.id)
        )
        if (count or 0) >= MAX_PHOTOS:
            raise Conflict(
                N_("demand {id} has {limit} photos already"),
                field="file",
                params={"id": demand.id, "limit": MAX_PHOTOS},
            )
        photo = Photo(
            org_id=demand.org_id,
            demand_id=demand.id,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            uploaded_by=by_user_id,
        )
        self.session.add(photo)
        await self.session.flush()
        return photo

    async def list(self, demand_id: int) -> list[Photo]:
        """A demand's photos, without their bytes."""
        stmt = (
            select(Photo)
            .options(defer(Photo.data))
            .where(Photo.demand_id == demand_id)
            .order_by(Photo.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def get(self, demand_id: int, photo_id: int) -> Photo:
        """One photo of one demand of the scope."""
        photo = await self.session.get(Photo, photo_id) if 0 < photo_id < 2**31 else None
        if photo is None or photo.demand_id != demand_id:
            raise NotFound(
                N_("photo {id} not found here"), field="photo_id", params={"id": photo_id}
            )
        return photo
