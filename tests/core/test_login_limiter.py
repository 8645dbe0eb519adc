"""The login limiter without a reachable Redis: it counts in this process and never raises."""

from __future__ import annotations

import socket

from core.auth.ratelimit import LoginLimiter
from core.settings import Settings


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket closes


async def test_a_redis_nobody_answers_falls_back_to_counting_in_process():
    settings = Settings(env="test", redis_url=f"redis://127.0.0.1:{_closed_port()}/0",
                        login_rate_limit="3/minute")
    limiter = LoginLimiter(settings)
    assert limiter.limiter is not limiter.memory  # Redis was configured
    assert (await limiter.check("alice", "10.0.0.1")).allowed
    for _ in range(3):
        await limiter.failed("alice", "10.0.0.1")
    state = await limiter.check("alice", "10.0.0.1")
    assert not state.allowed and state.reason == "username"  # counted in memory, still enforced
    assert limiter.outage_logged and limiter.degraded_until > 0
    await limiter.reset("alice")
    assert (await limiter.check("alice", "10.0.0.1")).allowed
