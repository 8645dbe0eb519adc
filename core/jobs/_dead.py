"""Dead letters: jobs that failed all their retries, for admins to see and send again."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.common import q_name

from core.errors import N_, NotFound


@dataclass(frozen=True)
class DeadJob:
    """One dead-lettered job."""

    id: str
    queue: str
    actor: str
    org_id: int | None
    args: list[Any]
    kwargs: dict[str, Any]
    retries: int
    failed_at: datetime | None
    error: str


def _dead(message: dramatiq.Message, failed_ms: float | None, job_id: str | None = None) -> DeadJob:
    args = list(message.args)
    org_id = args[0] if args and isinstance(args[0], int) else None
    tb = message.options.get("traceback") or ""
    # The Redis broker stores messages under its own redis_message_id, not the message id.
    job_id = job_id or message.options.get("redis_message_id") or message.message_id
    return DeadJob(job_id, q_name(message.queue_name), message.actor_name, org_id, args,
                   dict(message.kwargs), int(message.options.get("retries", 0)),
                   datetime.fromtimestamp(failed_ms / 1000, UTC) if failed_ms else None,
                   tb.strip().splitlines()[-1] if tb else "")


def _fresh(message: dramatiq.Message) -> dramatiq.Message:
    dropped = ("retries", "traceback", "eta", "redis_message_id")
    options = {k: v for k, v in message.options.items() if k not in dropped}
    return dramatiq.Message(queue_name=q_name(message.queue_name), actor_name=message.actor_name,
                            args=message.args, kwargs=message.kwargs, options=options)


class DeadLetterService:
    """Lists and retries dead letters of the Redis broker (``<ns>:<queue>.XQ``) or the stub broker."""

    def __init__(self, broker: dramatiq.Broker) -> None:
        self.broker = broker

    def _list(self) -> list[DeadJob]:
        if isinstance(self.broker, StubBroker):
            return [_dead(m, None) for q in sorted(self.broker.dead_letters_by_queue)
                    for m in self.broker.dead_letters_by_queue[q]]
        assert isinstance(self.broker, RedisBroker)
        client, ns = self.broker.client, self.broker.namespace
        out = []
        for queue in sorted({"default"} | {q_name(q) for q in self.broker.get_declared_queues()}):
            xq = f"{ns}:{queue}.XQ"
            for message_id, score in client.zrange(xq, 0, -1, withscores=True):
                mid = message_id.decode() if isinstance(message_id, bytes) else message_id
                data = client.hget(f"{xq}.msgs", mid)
                if data is not None:
                    out.append(_dead(dramatiq.Message.decode(data), score, mid))
        return out

    def _retry(self, job_id: str) -> DeadJob:
        if isinstance(self.broker, StubBroker):
            for queue, messages in self.broker.dead_letters_by_queue.items():
                for message in messages:
                    if _dead(message, None).id == job_id:
                        messages.remove(message)
                        return _dead(self.broker.enqueue(_fresh(message)), None)
        else:
            client, ns = self.broker.client, self.broker.namespace
            for queue in sorted({"default"} | {q_name(q) for q in self.broker.get_declared_queues()}):
                xq = f"{ns}:{queue}.XQ"
                data = client.hget(f"{xq}.msgs", job_id)
                # Remove first: two admins retrying at once must not send the job twice.
                if data is not None and client.zrem(xq, job_id):
                    client.hdel(f"{xq}.msgs", job_id)
                    return _dead(self.broker.enqueue(_fresh(dramatiq.Message.decode(data))), None)
        raise NotFound(N_("no dead job '{job}'"), field="id", params={"job": job_id})

    async def list(self) -> list[DeadJob]:
        """Every dead letter, oldest first per queue."""
        return await asyncio.to_thread(self._list)

    async def retry(self, job_id: str) -> DeadJob:
        """Send a dead job again with its retry count reset; returns the new job."""
        return await asyncio.to_thread(self._retry, job_id)
