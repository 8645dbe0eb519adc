"""A transactional outbox: a job's message commits with the rows it is about, then a relay sends it.

Sending a job to Redis straight after a request commits loses it when Redis is down at that
moment: the run row says ``queued`` and nothing will ever run it. Instead the request writes
the message into ``job_outbox`` in its own transaction (:func:`enqueue`), so the run and its
message exist together or not at all, and :class:`OutboxRelay` (a task in every web process)
sends what is waiting to the broker and deletes it, in one short transaction per batch:

- Right after a request that queued something commits (``kick()``), and every
  ``interval`` seconds, so messages that waited out a Redis outage go when it ends.
- Several processes relay at once safely: on PostgreSQL each batch is claimed with
  ``SELECT … FOR UPDATE SKIP LOCKED``, so one message is sent by one relay.
- At-least-once: a relay that dies after sending but before deleting sends that message
  again later. Jobs are idempotent (a tracked run skips itself once finished), and the
  message keeps its id across resends.
- A message the broker accepted can still be lost with it (a Redis restarted without
  persistence). Every ``SWEEP_SECONDS`` the relay sends again, once per process, each run
  that was never started although it was queued more than ``STALE`` ago.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import dramatiq
import structlog
from sqlalchemy import JSON, Integer, String, Text, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow

log = structlog.get_logger(__name__)
BATCH = 100
"""Messages claimed per relay transaction."""
STALE = timedelta(minutes=10)
"""A run still queued and never started this long after it was queued is sent again."""
SWEEP_SECONDS = 60.0
"""How often the relay looks for such runs."""
_SQLITE_LOCKS: dict[tuple[str, int], asyncio.Lock] = {}


class OutboxMessage(Base):
    """A job message waiting to be sent to the broker (not a tenant row: only the relay reads it)."""

    __tablename__ = "job_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(36), default=lambda: str(uuid.uuid4()))
    queue_name: Mapped[str] = mapped_column(String(64))
    actor_name: Mapped[str] = mapped_column(String(128))
    args: Mapped[list[Any]] = mapped_column(JSON, default=list)
    kwargs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    delay_ms: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


async def enqueue(session: AsyncSession, job, org_id: int, *args: Any, delay_ms: int | None = None,
                  **kwargs: Any) -> OutboxMessage:
    """Queue ``job(org_id, *args, **kwargs)`` in ``session``'s transaction; sent once it commits.

    ``job`` is a :class:`core.jobs.Job`; arguments must be JSON values. Call the relay's
    ``kick()`` after the commit (requests: ``ctx.after_commit.append(ctx.state.outbox.kick)``)
    to send it at once rather than at the next interval.
    """
    row = OutboxMessage(queue_name=job.queue_name, actor_name=job.actor_name, args=[org_id, *args],
                        kwargs=kwargs, delay_ms=delay_ms)
    session.add(row)
    await session.flush()
    return row


class OutboxRelay:
    """Sends waiting outbox messages to the broker; one per web process (more are safe)."""

    def __init__(self, db, broker: dramatiq.Broker, interval: float = 2.0) -> None:
        self.db = db
        self.broker = broker
        self.interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._down_since: float | None = None  # the broker has been failing since (monotonic)
        self._resent: set[int] = set()  # runs this process sent again already
        self._next_sweep = time.monotonic() + SWEEP_SECONDS

    def kick(self) -> None:
        """Send soon: something was just committed to the outbox."""
        self._wake.set()

    async def kick_after_commit(self) -> None:
        """:meth:`kick` as a request's after-commit callback (``ctx.after_commit.append(...)``)."""
        self.kick()

    def start(self) -> None:
        """Relay in the background until :meth:`stop`."""
        self._wake.set()  # what waited while no relay ran goes first
        self._task = asyncio.create_task(self._loop(), name="shequ-outbox-relay")

    async def stop(self) -> None:
        """Stop relaying (what is left waits in the table for the next start)."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), self.interval)
            except TimeoutError:
                pass
            self._wake.clear()
            try:
                while await self.relay_once() == BATCH:
                    pass  # a backlog: keep going
                if time.monotonic() >= self._next_sweep and self._down_since is None:
                    self._next_sweep = time.monotonic() + SWEEP_SECONDS
                    if await self.resend_stale():
                        self.kick()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the database may be down too; try again later
                log.warning("outbox relay: could not read the outbox", error=f"{type(exc).__name__}: {exc}"[:300])

    async def relay_once(self) -> int:
        """Claim up to BATCH waiting messages, send them in order, delete those sent; return how many."""
        if not self.db.is_sqlite:
            return await self._relay_batch()
        # SQLite has no row locks; the embedded mode runs one process, so relays of this process
        # (there is normally one) take turns.
        lock = _SQLITE_LOCKS.setdefault((self.db.url, id(asyncio.get_running_loop())), asyncio.Lock())
        async with lock:
            return await self._relay_batch()

    async def _relay_batch(self) -> int:
        async with self.db.session() as session:
            stmt = select(OutboxMessage).order_by(OutboxMessage.id).limit(BATCH)
            if not self.db.is_sqlite:
                stmt = stmt.with_for_update(skip_locked=True)
            rows = list((await session.execute(stmt)).scalars())
            if not rows:
                return 0
            # The broker client blocks (Redis may be slow to refuse): not on the event loop.
            sent, error = await asyncio.to_thread(self._send, rows)
            if sent:
                await session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(sent)))
            if error:
                failed = rows[len(sent)].id
                await session.execute(update(OutboxMessage).where(OutboxMessage.id == failed)
                                      .values(attempts=OutboxMessage.attempts + 1, last_error=error[:2000]))
            await session.commit()
        self._note(error, len(rows) - len(sent))
        return len(sent)

    def _send(self, rows: list[OutboxMessage]) -> tuple[list[int], str]:
        sent: list[int] = []
        for row in rows:
            if row.actor_name not in self.broker.actors:
                log.error("outbox relay: dropping a message for an actor no installed plugin declares",
                          actor=row.actor_name, message_id=row.message_id)
                sent.append(row.id)
                continue
            message = dramatiq.Message(queue_name=row.queue_name, actor_name=row.actor_name, args=tuple(row.args),
                                       kwargs=dict(row.kwargs or {}), options={}, message_id=row.message_id)
            try:
                self.broker.enqueue(message, delay=row.delay_ms)
            except Exception as exc:  # noqa: BLE001 - any broker failure: keep the rest for later
                return sent, f"{type(exc).__name__}: {exc}"
            sent.append(row.id)
        return sent, ""

    def _note(self, error: str, waiting: int) -> None:
        # Once per outage, not once per attempt.
        if error and self._down_since is None:
            self._down_since = time.monotonic()
            log.warning("outbox relay: the job broker is unreachable; messages wait in the outbox",
                        error=error[:300], waiting=waiting)
        elif not error and self._down_since is not None:
            log.info("outbox relay: the job broker is back; waiting messages sent",
                     outage_seconds=round(time.monotonic() - self._down_since, 1))
            self._down_since = None


    async def resend_stale(self, older_than: timedelta = STALE) -> int:
        """Queue again (through the outbox) runs never started ``older_than`` after they were queued."""
        from core.jobs.runs import QUEUED, JobRun
        from tenants.scoping import unscoped

        cutoff = utcnow() - older_than
        async with self.db.session() as session:
            async with unscoped(session, "the relay looks for lost job messages of every org"):
                stmt = (select(JobRun.id, JobRun.org_id, JobRun.kind)
                        .where(JobRun.status == QUEUED, JobRun.attempts == 0, JobRun.created_at < cutoff)
                        .order_by(JobRun.id).limit(BATCH))
                runs = [r for r in (await session.execute(stmt)).all() if r.id not in self._resent]
                waiting = {(m.actor_name, tuple(m.args[:2])) for m in (await session.execute(
                    select(OutboxMessage))).scalars()}
                # A tracked job's actor is named after its kind (core.jobs.tracked).
                actors = self.broker.actors
                again = [r for r in runs if r.kind in actors and (r.kind, (r.org_id, r.id)) not in waiting]
                for run in again:
                    await enqueue(session, actors[run.kind], run.org_id, run.id)
            await session.commit()
        self._resent.update(r.id for r in again)
        if again:
            log.warning("outbox relay: sending again runs queued long ago and never started",
                        runs=[r.id for r in again])
        return len(again)


async def clear_outbox(session: AsyncSession) -> int:
    """Drop every waiting message (embedded start-up, where the runs they were for are failed)."""
    result = await session.execute(delete(OutboxMessage))
    return result.rowcount or 0
