"""A per-process cache of what every request re-reads: user rows, org rows, module state.

Every authenticated request reads its caller's user row (active flag, token version), the
org of its path and the module state of that org and its ancestors. Those facts change
rarely, so each web process keeps them in a small bounded ``TTLCache`` and forgets them when
they change:

- Any committed write to ``users``, ``org_units`` or ``org_modules``, through the ORM or a
  bulk ``update``/``delete``/``insert`` statement of a session, is noticed by the session
  events below. After the commit, the writer's own caches forget at once (a change of one
  user drops that user's entry; anything else drops everything) and a notice goes out on
  the Redis channel the authorizer already follows (``core.authz.runtime``), whose single
  subscriber per process clears the other processes' caches.
- Without Redis (embedded mode, one process) clearing this process's caches is enough.
- Fail safe: while the subscriber is not subscribed (Redis down, or not yet connected) a
  cache is *suspended*: it answers nothing and stores nothing, so every request reads
  through to the database; it starts empty again when the subscription is re-established.
  A notice that could not be sent is logged; the other processes' subscriptions to the
  same Redis are then lost as well, so they read through until it is back. The TTL bounds
  what is left (a notice lost while every subscription stayed up).
- A value read from the database while the cache was cleared is not stored (a generation
  stamp), so a notice heard during a read is never undone by that read.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
import weakref
from typing import Any

from cachetools import TTLCache
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from core.db import Database, TenantSession
from core.observability import CACHE_HITS

log = logging.getLogger(__name__)

WATCHED_TABLES = frozenset({"users", "org_units", "org_modules"})
"""Tables whose rows the cache holds facts of; a committed write to any of them is announced."""

NOTICE_PREFIX = "state "
"""Messages on the authz channel that only clear state caches (no role-link reload)."""

MISSING: Any = object()
_CHANGES = "shequ.state_changes"  # session.info: user ids changed, or ALL
ALL = "all"


class StateCache:
    """Bounded, expiring facts of one app, cleared by change notices.

    Thread-safe: in embedded mode the in-process job worker clears it from its own thread.
    """

    def __init__(self, maxsize: int = 20_000, ttl: float = 60.0, *, live: bool = True) -> None:
        self._entries: TTLCache = TTLCache(maxsize=maxsize, ttl=ttl)
        self._lock = threading.Lock()
        self.generation = 0
        self.live = live
        self.hits = 0
        self.misses = 0
        self.clears = 0
        _CACHES.add(self)

    def get(self, key: Any) -> Any:
        """The cached value, or ``MISSING`` (always while suspended)."""
        if not self.live:
            return MISSING
        with self._lock:
            value = self._entries.get(key, MISSING)
        if value is MISSING:
            self.misses += 1
            _MISS.inc()
        else:
            self.hits += 1
            _HIT.inc()
        return value

    def put(self, key: Any, value: Any, stamp: int) -> None:
        """Store ``value`` read under generation ``stamp``, unless a clear happened since."""
        with self._lock:
            if self.live and stamp == self.generation:
                self._entries[key] = value

    def drop(self, key: Any) -> None:
        """Forget one entry (and any read of it under way)."""
        with self._lock:
            self.generation += 1
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget everything (and every read under way)."""
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self.clears += 1

    def apply(self, change: str) -> None:
        """Apply one notice's change: ``all`` or ``user <id>``."""
        kind, _, ident = change.partition(" ")
        if kind == "user" and ident.isdigit():
            self.drop(("users", int(ident)))
        else:
            self.clear()

    # The authz subscriber's follower interface (core.authz.runtime.AuthzRuntime.followers).

    def subscribed(self) -> None:
        """Notices are heard again: start empty and cache."""
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self.live = True

    def unsubscribed(self) -> None:
        """Notices may be missed: read through until subscribed again."""
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self.live = False

    def heard(self, message: str) -> None:
        """A message on the channel from another process."""
        if message.startswith(NOTICE_PREFIX):
            _origin, _, change = message[len(NOTICE_PREFIX):].partition(" ")
            self.apply(change or ALL)


_CACHES: weakref.WeakSet[StateCache] = weakref.WeakSet()
_HIT, _MISS = CACHE_HITS.labels("state", "hit"), CACHE_HITS.labels("state", "miss")


class Notices:
    """Where a Database's committed changes are announced, and which caches forget at once."""

    def __init__(self, redis_url: str | None, channel: str, origin: str | None = None,
                 caches: tuple[StateCache, ...] = ()) -> None:
        self.redis_url = redis_url
        self.channel = channel
        self.origin = origin or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.caches = caches

    def announce(self, changes: set) -> None:
        """Clear the local caches, then tell the other processes."""
        messages = sorted(ALL if c == ALL else f"user {c}" for c in changes)
        if ALL in changes:
            messages = [ALL]
        # Without an app of its own (a job, the CLI), a writer clears every cache of this
        # process: in embedded mode that is the only way the web app hears of it.
        targets = self.caches or tuple(_CACHES)
        for cache in targets:
            for change in messages:
                cache.apply(change)
        if self.redis_url:
            try:
                client = _sync_client(self.redis_url)
                for change in messages:
                    client.publish(self.channel, f"{NOTICE_PREFIX}{self.origin} {change}")
            except Exception:  # noqa: BLE001 - the write is committed; say so loudly
                log.exception("could not announce a change of %s; other processes read through "
                              "until their subscription is re-established", ", ".join(messages))


_clients: dict[str, Any] = {}


def _sync_client(url: str):
    # A write is rare and must be announced before its request answers; a blocking publish on
    # a pooled connection costs one local round trip.
    client = _clients.get(url)
    if client is None:
        from redis import Redis

        client = _clients[url] = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return client


_NOTICES: weakref.WeakKeyDictionary[Any, Notices] = weakref.WeakKeyDictionary()


def announce_through(db: Database, notices: Notices) -> None:
    """Announce committed changes made through ``db``'s sessions with ``notices``."""
    _NOTICES[db.engine.sync_engine] = notices


def open_database(settings) -> Database:
    """A Database for a process without an app (job, CLI) that announces what it changes.

    Its commits of users, orgs or modules clear every cache of this process and, with Redis,
    every web process's.
    """
    from core.cache import key

    db = Database(settings.effective_database_url)
    announce_through(db, Notices(settings.redis_url, key(settings, "authz")))
    return db


def _default_notices() -> Notices:
    from core.cache import key
    from core.settings import get_settings

    settings = get_settings()
    return Notices(settings.redis_url, key(settings, "authz"))


# Session events: note watched changes while flushing, announce them after the commit.


def _note(session: Session, change: Any) -> None:
    changes = session.info.setdefault(_CHANGES, set())
    changes.add(change)


@event.listens_for(TenantSession, "after_flush")
def _after_flush(session: Session, _flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(obj), "__tablename__", None)
        if table not in WATCHED_TABLES:
            continue
        if table == "users":
            if obj not in session.new:  # a new account is in no cache yet
                _note(session, obj.id)
        else:
            _note(session, ALL)


@event.listens_for(TenantSession, "do_orm_execute")
def _do_orm_execute(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in WATCHED_TABLES:
            _note(state.session, ALL)


@event.listens_for(TenantSession, "after_commit")
def _after_commit(session: Session) -> None:
    changes = session.info.pop(_CHANGES, None)
    if not changes:
        return
    bind = session.bind
    notices = _NOTICES.get(bind) if bind is not None else None
    (notices or _default_notices()).announce(changes)


@event.listens_for(TenantSession, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGES, None)


# Reading through the cache.


def column_values(obj: Any) -> dict[str, Any]:
    """The loaded column values of an ORM row (what a cache entry holds)."""
    return {attr.key: getattr(obj, attr.key) for attr in inspect(type(obj)).column_attrs}


def attach(session, model: type, values: dict[str, Any]):
    """A persistent ``model`` instance in ``session`` from cached values, without SQL."""
    sync = getattr(session, "sync_session", session)
    pk = values[inspect(model).primary_key[0].key]
    existing = sync.identity_map.get(sync.identity_key(model, pk))
    if existing is not None:
        return existing
    obj = inspect(model).class_manager.new_instance()
    for name, value in values.items():
        set_committed_value(obj, name, value)
    make_transient_to_detached(obj)
    sync.add(obj)
    return obj


async def get_row(session, cache: StateCache | None, model: type, pk: int):
    """``session.get(model, pk)`` through ``cache``: a hit costs no SQL."""
    if cache is None:
        return await session.get(model, pk)
    key = (model.__tablename__, pk)
    values = cache.get(key)
    if values is not MISSING:
        return attach(session, model, values)
    stamp = cache.generation
    obj = await session.get(model, pk)
    if obj is not None:
        cache.put(key, column_values(obj), stamp)
    return obj


async def remember(cache: StateCache | None, key: Any, load):
    """``await load()`` through ``cache`` (values must be immutable)."""
    if cache is None:
        return await load()
    value = cache.get(key)
    if value is not MISSING:
        return value
    stamp = cache.generation
    value = await load()
    cache.put(key, value, stamp)
    return value
