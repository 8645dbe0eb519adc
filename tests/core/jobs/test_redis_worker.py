"""A real Redis broker and a real `shequ worker` process: late start, retries, dead letters, retry."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from redis import Redis
from sample_jobs import JOBS, always_fails, mark_done

from core.jobs import DeadLetterService, start_jobs
from core.jobs._scheduler import FiringLock
from core.settings import Settings

REDIS_URL = os.environ.get("SHEQU_TEST_REDIS", "redis://127.0.0.1:6379/0")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SHEQU = Path(sys.executable).parent / "shequ"


def _redis_up() -> bool:
    try:
        return Redis.from_url(REDIS_URL).ping()
    except Exception:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="needs the Redis at SHEQU_TEST_REDIS")


def _wait(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def prefix():
    value = f"shequjobs{uuid.uuid4().hex[:8]}"
    yield value
    client = Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{value}*"):
        client.delete(key)


@pytest.fixture
def broker(prefix):
    broker = start_jobs(Settings(env="test", redis_url=REDIS_URL, redis_prefix=prefix), JOBS)
    yield broker
    broker.close()


def _start_worker(prefix: str, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "SHEQU_REDIS_URL": REDIS_URL, "SHEQU_REDIS_PREFIX": prefix, "SHEQU_ENV": "test",
           "SHEQU_DATA_DIR": str(tmp_path), "SHEQU_SAMPLE_JOBS_BIND": "1",
           "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),
           "SHEQU_WORKER_PROCESSES": "1", "SHEQU_WORKER_THREADS": "2"}
    log = open(tmp_path / "worker.log", "wb")
    return subprocess.Popen([str(SHEQU), "worker", "--module", "sample_jobs"], env=env, cwd=str(tmp_path),
                            stdout=log, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def test_job_sent_before_the_worker_starts_runs_and_failures_end_in_dead_letters(broker, prefix, tmp_path):
    client = Redis.from_url(REDIS_URL)
    done_key, tries_key = f"{prefix}:t:done", f"{prefix}:t:tries"
    mark_done.send(42, done_key)
    time.sleep(0.5)
    assert client.get(done_key) is None  # nobody is consuming yet
    worker = _start_worker(prefix, tmp_path)
    try:
        assert _wait(lambda: client.get(done_key)) == b"42", (tmp_path / "worker.log").read_text()[-3000:]
        always_fails.send(7, tries_key)
        dead_letters = DeadLetterService(broker)
        dead = _wait(lambda: [j for j in dead_letters._list() if j.actor == "sample.always_fails"])
        assert dead, (tmp_path / "worker.log").read_text()[-3000:]
        assert client.get(tries_key) == b"3"  # the first run and max_retries=2 retries
        job = dead[0]
        assert (job.org_id, job.retries, job.queue) == (7, 2, "default")  # both retries were spent
        assert "sample failure for org 7" in job.error
        assert client.zcard(f"{prefix}:dramatiq:default.XQ") == 1  # dramatiq's dead-letter set
        # an admin's retry sends it again with its retries reset; it fails three more times
        retried = dead_letters._retry(job.id)
        assert retried.id != job.id and retried.retries == 0
        assert job.id not in [j.id for j in dead_letters._list()]
        assert _wait(lambda: client.get(tries_key) == b"6" and dead_letters._list())
    finally:
        _stop(worker)
    assert worker.returncode is not None


def test_firing_lock_lets_one_scheduler_replica_fire_per_minute(prefix):
    settings = Settings(env="test", redis_url=REDIS_URL, redis_prefix=prefix)
    one, two = FiringLock(settings), FiringLock(settings)
    assert one.acquire("reception", "weekly-check", 29_000_000) is True
    assert two.acquire("reception", "weekly-check", 29_000_000) is False
    assert two.acquire("reception", "weekly-check", 29_000_001) is True  # the next firing
    assert one.acquire("probe", "weekly-check", 29_000_000) is True  # another plugin's schedule
