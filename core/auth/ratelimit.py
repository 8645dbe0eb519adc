"""Login rate limits per username and per client address (the ``limits`` library).

Redis-backed when ``SHEQU_REDIS_URL`` is set so every web worker counts together;
in-process memory on the embedded default. When Redis is unreachable, logins keep working:
the limiter counts in this process's memory (each worker on its own, so the limit is looser
for the length of the outage), logs once that it does, tries Redis again every
``RETRY_SECONDS`` and logs once when it is back.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import structlog
from limits import parse
from limits.errors import StorageError
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError

from core.settings import Settings

log = structlog.get_logger(__name__)
T = TypeVar("T")
# What a Redis that is down can raise: limits wraps most of it in StorageError, but a socket
# refused or timed out while the client (re)connects can surface unwrapped, and must not
# reach the app's handler for an unreachable database (a 503 on every login).
_REDIS_DOWN = (StorageError, RedisError, OSError, asyncio.TimeoutError)
RETRY_SECONDS = 5.0
"""While Redis is down, how long the limiter counts in memory before it tries Redis again."""


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
        self.memory = MovingWindowRateLimiter(MemoryStorage())
        if settings.redis_url:
            # wrap_exceptions: every Redis failure arrives as one StorageError, whatever the client.
            storage = RedisStorage(settings.redis_url.replace("redis://", "async+redis://", 1),
                                   key_prefix=f"{settings.redis_prefix}:ratelimit", wrap_exceptions=True)
            self.limiter = MovingWindowRateLimiter(storage)
        else:
            storage = MemoryStorage()
            self.limiter = self.memory
        self.storage = storage
        self.degraded_until = 0.0  # monotonic time before which Redis is not tried again
        self.outage_logged = False

    async def _run(self, call: Callable[[MovingWindowRateLimiter], Awaitable[T]]) -> T:
        """``call`` on the Redis limiter, or on the in-memory one while Redis is unreachable."""
        if self.limiter is self.memory or time.monotonic() < self.degraded_until:
            return await call(self.memory)
        try:
            result = await call(self.limiter)
        except _REDIS_DOWN as exc:
            self.degraded_until = time.monotonic() + RETRY_SECONDS
            if not self.outage_logged:  # once per outage, not once per login
                self.outage_logged = True
                cause = getattr(exc, "storage_error", exc)
                log.warning("login rate limiter: Redis unreachable, counting failed logins in this process",
                            error=f"{type(cause).__name__}: {cause}")
            return await call(self.memory)
        if self.outage_logged:
            self.outage_logged = False
            log.info("login rate limiter: Redis is back, counting failed logins there again")
        return result

    async def check(self, username: str, client: str) -> LimitState:
        """May this username, from this client, try to log in now?"""
        for limit, ident, reason in (
            (self.limit, f"user:{username.lower()}", "username"),
            (self.client_limit, f"client:{client}", "client"),
        ):
            if not await self._run(lambda lim, limit=limit, ident=ident: lim.test(limit, "login", ident)):
                stats = await self._run(lambda lim, limit=limit, ident=ident: lim.get_window_stats(limit, "login", ident))
                return LimitState(False, max(1, int(stats.reset_time - time.time())), reason)
        return LimitState(True)

    async def failed(self, username: str, client: str) -> None:
        """Count one failed attempt against the username and the client."""
        await self._run(lambda lim: lim.hit(self.limit, "login", f"user:{username.lower()}"))
        await self._run(lambda lim: lim.hit(self.client_limit, "login", f"client:{client}"))

    async def reset(self, username: str) -> None:
        """Forget the username's failures after a successful login."""
        await self._run(lambda lim: lim.clear(self.limit, "login", f"user:{username.lower()}"))
