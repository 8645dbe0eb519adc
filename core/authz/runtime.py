"""The process's authorizer: loads grants and role links, and follows changes made elsewhere.

Role links live in ``role_assignments``. A change is applied locally at once and published
on a Redis channel; every other process reloads its links when it hears of one (and when
its subscription is (re)established, so a missed message while disconnected is not lost).
pycasbin's own ``set_watcher`` would not wire the reload callback for us, and its Redis
watcher is thread-based; this small asyncio subscriber does the same job in the app's loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
import weakref
from collections.abc import Awaitable, Callable, Iterable

from redis.asyncio import Redis
from sqlalchemy import select

from core.authz import CachedAuthorizer, Grant, load_base_grants, make_authorizer
from core.db import Database
from core.observability import AUTHZ_DECISIONS, CACHE_HITS
from core.statecache import NOTICE_PREFIX as STATE_NOTICE

log = logging.getLogger(__name__)


class AuthzRuntime:
    """Authorizer plus its loading from the database and cross-process invalidation."""

    def __init__(self, db: Database, redis: Redis | None, channel: str, design: str = "ancestor") -> None:
        self.db = db
        self.redis = redis
        self.channel = channel
        self.authorizer: CachedAuthorizer = make_authorizer(design)
        self.extra_grants: list[Grant] = []
        self.origin = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._task: asyncio.Task | None = None
        self.reloads = 0
        self.loaded = False
        self._loop: asyncio.AbstractEventLoop | None = None
        # Authorizers of other domains (core.partners) that reload with the role links:
        # each is called with the reload's session (unscoped) and every template grant.
        self.reload_listeners: list[Callable[..., Awaitable[None]]] = []
        # Caches that follow the same channel (core.statecache.StateCache): told when the
        # subscription is up or lost, and handed every other process's message.
        self.followers: list = []
        _LOCAL.add(self)

    def add_grants(self, grants: Iterable[Grant]) -> None:
        """Add plugin grants (kept across reloads)."""
        grants = list(grants)
        self.extra_grants.extend(grants)
        self.authorizer.add_grants(grants)

    async def reload(self) -> None:
        """Reload every role link from the database, through the casbin adapter path."""
        from core.users.models import RoleAssignment
        from tenants.scoping import unscoped

        async with self.db.session() as session:
            async with unscoped(session, "the authorizer holds every role link of the platform"):
                rows = (
                    await session.execute(
                        select(RoleAssignment.user_id, RoleAssignment.role, RoleAssignment.org_path)
                    )
                ).all()
                grants = [*load_base_grants(), *self.extra_grants]
                for listener in self.reload_listeners:
                    await listener(session, grants)
        links = [(f"u:{uid}", role, path) for uid, role, path in rows]
        self.authorizer.load(grants, links)
        self.reloads += 1
        self.loaded = True

    def enforce(self, user_id: int, path: str, obj: str, act: str) -> bool:
        """Decide one request and count it for /metrics."""
        before = self.authorizer.hits
        allowed = self.authorizer.enforce(f"u:{user_id}", path, obj, act)
        CACHE_HITS.labels("authz", "hit" if self.authorizer.hits > before else "miss").inc()
        AUTHZ_DECISIONS.labels("allow" if allowed else "deny").inc()
        return allowed

    def roles_at(self, user_id: int, path: str) -> list[tuple[str, str]]:
        """(role, granting path) pairs that apply to the user at ``path``."""
        return self.authorizer.roles_at(f"u:{user_id}", path)

    async def link_added(self, user_id: int, role: str, path: str) -> None:
        """Apply a committed new role link here and tell the other processes."""
        self.authorizer.add_link(f"u:{user_id}", role, path)
        await self._publish()

    async def link_removed(self, user_id: int, role: str, path: str) -> None:
        """Apply a committed link removal here and tell the other processes."""
        self.authorizer.remove_link(f"u:{user_id}", role, path)
        await self._publish()

    async def paths_changed(self) -> None:
        """Org paths moved: reload every link here and everywhere."""
        await self.reload()
        await self._publish()

    async def announce(self) -> None:
        """Tell the other processes to reload (a reload listener's links changed here)."""
        await self._publish()

    async def _publish(self) -> None:
        if self.redis is not None:
            await self.redis.publish(self.channel, self.origin)

    async def start(self) -> None:
        """Load links and, with Redis, start following other processes' changes."""
        self._loop = asyncio.get_running_loop()
        try:
            await self.reload()
        except Exception:  # noqa: BLE001 - the app must start so /health/ready can say why
            # Fail closed: with no links loaded only platform admins pass; /health/ready
            # retries the load and answers 503 until it succeeds.
            log.exception("could not load role links at start-up")
        if self.redis is not None:
            ready = asyncio.Event()
            self._task = asyncio.create_task(self._follow(ready))
            await asyncio.wait_for(ready.wait(), timeout=5)

    async def stop(self) -> None:
        """Stop following changes."""
        for follower in self.followers:
            follower.unsubscribed()
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - shutting down
                pass

    async def _follow(self, ready: asyncio.Event) -> None:
        while True:
            try:
                async with self.redis.pubsub() as pubsub:
                    await pubsub.subscribe(self.channel)
                    if ready.is_set():
                        await self.reload()  # we may have missed messages while away
                    for follower in self.followers:
                        follower.subscribed()
                    ready.set()
                    async for message in pubsub.listen():
                        data = message.get("data")
                        if message.get("type") != "message" or data == self.origin:
                            continue
                        if data.startswith(STATE_NOTICE):
                            if not data.startswith(f"{STATE_NOTICE}{self.origin} "):
                                for follower in self.followers:
                                    follower.heard(data)
                        else:
                            await self.reload()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep following after a Redis hiccup
                log.exception("authz watcher lost its subscription; retrying")
                for follower in self.followers:
                    follower.unsubscribed()
                ready.set()
                await asyncio.sleep(1)


_LOCAL: weakref.WeakSet[AuthzRuntime] = weakref.WeakSet()


def announce_links_changed(redis_url: str | None, channel: str) -> None:
    """Tell every authorizer that role links changed, from code outside a request (a job).

    With Redis the news goes out on the channel every process follows; without it (embedded
    mode, worker threads inside the web process) the runtimes of this process reload on
    their own event loops.
    """
    if redis_url:
        from redis import Redis as SyncRedis

        with SyncRedis.from_url(redis_url) as client:
            client.publish(channel, f"job-{os.getpid()}")
        return
    for runtime in list(_LOCAL):
        loop = runtime._loop
        if loop is not None and loop.is_running():
            asyncio.run_coroutine_threadsafe(runtime.reload(), loop)
