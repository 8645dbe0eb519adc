"""The job outbox: a run's message commits with the run, the relay sends each message once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import dramatiq
from sqlalchemy import func, select, update

from core.db import Database
from core.jobs import make_broker
from core.jobs.outbox import OutboxMessage, OutboxRelay, enqueue
from core.jobs.runs import JobRun, RunService
from core.jobs.tracked import Outcome, tracked_job
from core.settings import Settings
from tenants.models import OrgUnit
from tenants.scoping import set_scope


@tracked_job("test.outbox")
async def outbox_job(session, org, run: JobRun) -> Outcome:
    """Does nothing; only its messages matter here."""
    return Outcome()


def _broker() -> dramatiq.Broker:
    broker = make_broker(Settings(env="test"))  # in-memory: what was sent can be read back
    outbox_job.bind(broker)
    return broker


def _sent(broker) -> list[dramatiq.Message]:
    queue = broker.queues["default"]
    out = []
    while not queue.empty():
        out.append(dramatiq.Message.decode(queue.get_nowait()))
    return out


async def _queue_runs(db: Database, world, count: int, *, commit: bool = True) -> list[int]:
    async with db.session() as session:
        set_scope(session, None)
        org = await session.get(OrgUnit, world.orgs["A"])
        set_scope(session, org.path)
        ids = []
        for _ in range(count):
            run = await RunService(session).create(
                org,
                "test.outbox",
                title="t",
                user_id=world.users["secA"],
                permission=("core:org", "read"),
            )
            await enqueue(session, outbox_job, org.id, run.id)
            ids.append(run.id)
        await (session.commit() if commit else session.rollback())
    return ids


async def _waiting(db: Database) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()


async def test_the_message_commits_or_rolls_back_with_the_run_and_is_sent_once(settings, world):
    db, broker = Database(settings.effective_database_url), _broker()
    try:
        await _queue_runs(db, world, 2, commit=False)
        assert await _waiting(db) == 0  # rolled back with its run
        ids = await _queue_runs(db, world, 3)
        assert await _waiting(db) == 3
        relay = OutboxRelay(db, broker)
        assert await relay.relay_once() == 3
        assert await relay.relay_once() == 0
        sent = _sent(broker)
        assert [m.args for m in sent] == [(world.orgs["A"], i) for i in ids]  # in order, once each
        assert {m.actor_name for m in sent} == {"test.outbox"} and await _waiting(db) == 0
    finally:
        await db.dispose()


async def test_relays_running_at_once_send_each_message_once(settings, world):
    db, broker = Database(settings.effective_database_url), _broker()
    try:
        ids = await _queue_runs(db, world, 40)
        relays = [OutboxRelay(Database(settings.effective_database_url), broker) for _ in range(3)]
        counts = await asyncio.gather(*(r.relay_once() for r in relays))
        while await relays[0].relay_once():
            pass
        sent = _sent(broker)
        assert sorted(m.args[1] for m in sent) == ids and sum(counts) <= 40
        for relay in relays:
            await relay.db.dispose()
    finally:
        await db.dispose()


async def test_a_run_queued_long_ago_and_never_started_is_sent_again_once(settings, world):
    db, broker = Database(settings.effective_database_url), _broker()
    try:
        [run_id] = await _queue_runs(db, world, 1)
        relay = OutboxRelay(db, broker)
        await relay.relay_once()
        _sent(broker)  # the broker "lost" it (a Redis restarted without persistence)
        assert await relay.resend_stale() == 0  # not stale yet
        async with db.session() as session:
            set_scope(session, world.paths["A"])
            await session.execute(
                update(JobRun)
                .where(JobRun.id == run_id)
                .values(created_at=JobRun.created_at - timedelta(hours=1))
            )
            await session.commit()
        assert await relay.resend_stale() == 1
        await relay.relay_once()
        assert [m.args for m in _sent(broker)] == [(world.orgs["A"], run_id)]
        assert await relay.resend_stale() == 0  # once per process
    finally:
        await db.dispose()
