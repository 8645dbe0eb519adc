"""Tracked jobs: retries are recorded on the run, the last failure is final, a restart of the
embedded server settles what its in-memory queue lost."""

from __future__ import annotations

import asyncio
import dataclasses

from litestar.testing import AsyncTestClient

from core.db import Database
from core.jobs.runs import JobRun, RunService
from core.jobs.tracked import Outcome, tracked_job
from shequ_testing import Api
from tenants.models import OrgUnit
from tenants.scoping import set_scope


@tracked_job("test.flaky", max_retries=1, min_backoff=10, max_backoff=20)
async def flaky(session, org, run: JobRun) -> Outcome:
    """Fails its first ``fail_times`` attempts."""
    if run.attempts <= run.params["fail_times"]:
        raise RuntimeError(f"boom on attempt {run.attempts}")
    return Outcome(result={"attempts": run.attempts})


async def make_run(settings, world, params, kind="test.flaky") -> int:
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        set_scope(session, None)
        org = await session.get(OrgUnit, world.orgs["A"])
        set_scope(session, org.path)
        run = await RunService(session).create(org, kind, title="t", user_id=world.users["secA"],
                                               permission=("core:org", "read"), params=params)
        await session.commit()
        run_id = run.id
    await db.dispose()
    return run_id


async def run_until_finished(api: Api, run_id: int) -> dict:
    for _ in range(300):
        body = (await api.get(f"/api/v1/orgs/{api.org('A')}/runs/{run_id}", as_="secA")).json()
        if body["status"] in ("done", "failed"):
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(body)


async def started(settings, world):
    from core.app import create_app

    return create_app(dataclasses.replace(settings, worker_in_process=True))


async def test_a_retried_attempt_that_succeeds_leaves_the_run_done(settings, world):
    async with AsyncTestClient(app=await started(settings, world)) as client:
        run_id = await make_run(settings, world, {"fail_times": 1})
        flaky.send(world.orgs["A"], run_id)
        run = await run_until_finished(Api(client, world, settings), run_id)
    assert run["status"] == "done"
    assert run["attempts"] == 2 and run["result"] == {"attempts": 2}
    assert run["error"] == ""


async def test_the_last_failed_attempt_fails_the_run_with_the_error(settings, world):
    async with AsyncTestClient(app=await started(settings, world)) as client:
        run_id = await make_run(settings, world, {"fail_times": 9})
        flaky.send(world.orgs["A"], run_id)
        run = await run_until_finished(Api(client, world, settings), run_id)
    assert run["status"] == "failed"
    assert run["attempts"] == 2
    assert "boom on attempt 2" in run["error"]


async def test_restart_settles_runs_the_embedded_queue_lost(settings, world, backend):
    from core.app import create_app

    run_id = await make_run(settings, world, {"fail_times": 0})
    async with AsyncTestClient(app=create_app(dataclasses.replace(settings, worker_in_process=False))) as client:
        run = (await Api(client, world, settings).get(f"/api/v1/orgs/{world.orgs['A']}/runs/{run_id}", as_="secA")).json()
    if backend == "sqlite":  # in-memory broker: the message died with the process
        assert run["status"] == "failed" and "restarted" in run["error"]
    else:  # Redis keeps the message for a worker; the run stays queued
        assert run["status"] == "queued"


async def test_files_older_than_a_week_are_dropped_when_the_next_run_starts(settings, world):
    from datetime import timedelta

    from sqlalchemy import select, update

    from core.db import utcnow

    old = await make_run(settings, world, {"fail_times": 0})
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        set_scope(session, world.paths["A"])
        await session.execute(update(JobRun).where(JobRun.id == old).values(
            status="done", file=b"PK old", file_name="old.xlsx", input_file=b"doc",
            created_at=utcnow() - timedelta(days=8)))
        await session.commit()
    await make_run(settings, world, {"fail_times": 0})
    async with db.session() as session:
        set_scope(session, world.paths["A"])
        row = (await session.execute(select(JobRun.file, JobRun.input_file, JobRun.file_name)
                                     .where(JobRun.id == old))).one()
    await db.dispose()
    assert tuple(row) == (None, None, "")
