"""Login rate limits per username and per client address (the ``limits`` library).

Redis-backed when ``SHEQU_REDIS_URL`` is set so every web worker counts together;
in-process memory on the embedded default.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from core.settings import Settings


@dataclass(frozen=True)
class LimitState:
    """Whether a login may be tried now, and how long to wait if not."""

    allowed: bool
    retry_after: int = 0
    reason: str = ""


class LoginLimiter:
    """Counts failed logins per username and per client; refuses when either is over the limit."""

    def __init__(self, settings: Settings) -> None:
        self.limit = parse(settings.login_rate_limit)
        # Addresses behind one NAT (a whole community office) get more room than one account.
        self.client_limit = type(self.limit)(self.limit.amount * 4, self.limit.multiples)
        storage: Storage
        if settings.redis_url:
            storage = RedisStorage(settings.redis_url.replace("redis://", "async+redis://", 1),
                                   key_prefix=f"{settings.redis_prefix}:ratelimit")
        else:
            storage = MemoryStorage()
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(storage)

    async def check(self, username: str, client: str) -> LimitState:
        """May this username, from this client, try to log in now?"""
        for limit, ident, reason in (
            (self.limit, f"user:{username.lower()}", "username"),
            (self.client_limit, f"client:{client}", "client"),
        ):
            if not await self.limiter.test(limit, "login", ident):
                stats = await self.limiter.get_window_stats(limit, "login", ident)
                return LimitState(False, max(1, int(stats.reset_time - time.time())), reason)
        return LimitState(True)

    async def failed(self, username: str, client: str) -> None:
        """Count one failed attempt against the username and the client."""
        await self.limiter.hit(self.limit, "login", f"user:{username.lower()}")
        await self.limiter.hit(self.client_limit, "login", f"client:{client}")

    async def reset(self, username: str) -> None:
        """Forget the username's failures after a successful login."""
        await self.limiter.clear(self.limit, "login", f"user:{username.lower()}")
