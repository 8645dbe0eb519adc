"""The in-process worker closes its job engine when it stops (no pooled connections left behind)."""

from __future__ import annotations

import time

from core.jobs import InProcessWorker, start_jobs
from core.jobs import _runtime
from core.settings import Settings


def test_stopping_the_worker_disposes_the_job_engine(tmp_path):
    from core.jobs._actors import actor

    @actor(actor_name="test.touch_db")
    async def touch_db(org_id: int) -> None:
        db = _runtime._database()
        async with db.session():
            pass

    broker = start_jobs(Settings(env="test", data_dir=tmp_path), [touch_db])
    worker = InProcessWorker(broker, schedules=False)
    # Tests that call actors directly on their own event loop leave their loop's engine here;
    # only the worker's own entry is this test's business.
    before = set(_runtime._databases)
    worker.start()
    try:
        touch_db.send(1)
        for _ in range(200):
            if set(_runtime._databases) - before:
                break
            time.sleep(0.05)
        assert len(set(_runtime._databases) - before) == 1
    finally:
        worker.stop()
        broker.close()
    assert set(_runtime._databases) - before == set()
