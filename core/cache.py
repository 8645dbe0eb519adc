"""Redis when configured, in-process stand-ins otherwise (embedded mode only)."""

from __future__ import annotations

from redis.asyncio import Redis

from core.settings import Settings


def make_redis(settings: Settings) -> Redis | None:
    """A Redis client for ``SHEQU_REDIS_URL``, or None in embedded mode."""
    if not settings.redis_url:
        return None
    return Redis.from_url(settings.redis_url, decode_responses=True)


def key(settings: Settings, *parts: str) -> str:
    """A namespaced Redis key (``shequ:...``), so several deployments can share one Redis."""
    return ":".join((settings.redis_prefix, *parts))
