"""What a resident without an account may do: submit, look up by code and phone, rate.

Rate-limited per client address (and per tracking code for look-ups) with the ``limits``
library, in Redis when configured (every web worker counts together), else in memory; the
same shape as the login limiter (``core/auth/ratelimit.py``).
"""

from __future__ import annotations

import hmac
import time

from limits import parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, DomainError, NotFound
from core.notify.models import Notification
from core.people.models import Person
from core.settings import Settings
from plugins.demands.models import Demand
from plugins.demands.services.handling import HandlingService
from plugins.demands.services.intake import DemandService, normalise_phone
from tenants.models import OrgUnit


class TooMany(DomainError):
    """A public form used too often from one address (429)."""

    status = 429


_limiters: dict[str, MovingWindowRateLimiter] = {}


def _limiter(settings: Settings) -> MovingWindowRateLimiter:
    cache_key = f"{settings.redis_url}|{settings.redis_prefix}"
    found = _limiters.get(cache_key)
    if found is None:
        storage: Storage
        if settings.redis_url:
            storage = RedisStorage(
                settings.redis_url.replace("redis://", "async+redis://", 1),
                key_prefix=f"{settings.redis_prefix}:ratelimit",
            )
        else:
            storage = MemoryStorage()
        found = _limiters[cache_key] = MovingWindowRateLimiter(storage)
    return found


async def check_rate(settings: Settings, spec: str, what: str, ident: str) -> None:
    """Count one use of a public form; refuse (429) once ``spec`` (e.g. 5/hour) is used up."""
    limiter, limit = _limiter(settings), parse(spec)
    if not await limiter.hit(limit, f"demands:{what}", ident):
        stats = await limiter.get_window_stats(limit, f"demands:{what}", ident)
        raise TooMany(
            N_("too many requests; try again in {seconds} seconds"),
            field="rate",
            params={"seconds": max(1, int(stats.reset_time - time.time()))},
        )


class PublicService:
    """The public side of one community's pipeline (the session is scoped to that community)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def submit(
        self, community: OrgUnit, name: str, phone: str, category: str, content: str
    ) -> Demand:
        """A resident's own submission (channel ``public_page``): name and phone are required."""
        from core.errors import Invalid

        if not name.strip():
            raise Invalid(N_("{field} is required"), field="contact_name")
        if not phone.strip():
            raise Invalid(N_("{field} is required"), field="contact_phone")
        return await DemandService(self.session).create(
            community,
            channel="public_page",
            category=category,
            content=content,
            contact_name=name[:100],
            contact_phone=phone[:32],
        )

    async def lookup(self, code: str, last4: str) -> Demand:
        """The demand with this code whose resident's phone ends in ``last4``; else one 404.

        The answer is the same whether the code is unknown or the digits are wrong, so the
        page tells nobody whether a code exists.
        """
        code = code.strip().upper()
        digits = normalise_phone(last4).lstrip("+")
        missing = NotFound(N_("no demand matches this code and phone"), field="tracking_code")
        if len(code) > 16 or len(digits) != 4:
            raise missing
        demand = (
            await self.session.execute(select(Demand).where(Demand.tracking_code == code))
        ).scalar_one_or_none()
        if demand is None or demand.person_id is None:
            raise missing
        person = await self.session.get(Person, demand.person_id)
        phone = normalise_phone(person.phone or "") if person else ""
        if not phone or not hmac.compare_digest(phone[-4:], digits):
            raise missing
        return demand

    async def messages(self, demand: Demand) -> list[Notification]:
        """What the community wrote to this demand's resident, oldest first."""
        stmt = (
            select(Notification)
            .where(
                Notification.source == "demands",
                Notification.ref == str(demand.id),
                Notification.recipient_person_id.is_not(None),
            )
            .order_by(Notification.created_at, Notification.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def rate(self, code: str, last4: str, rating: str, note: str = "") -> Demand:
        """The resident rates their closed demand."""
        demand = await self.lookup(code, last4)
        return await HandlingService(self.session).rate(
            demand.id, rating, note[:500], demand=demand
        )
