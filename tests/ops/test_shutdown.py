"""`shequ serve`, `demo`, `worker` and `scheduler` stop within 10 s of SIGTERM and of SIGINT (issue 18).

Real processes, each started as an operator would; the worker is stopped while a job runs and
must finish it first.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from redis import Redis

from _services import PrivateRedis, free_port

SHEQU = str(Path(sys.executable).with_name("shequ"))
JOBS_DIR = Path(__file__).resolve().parents[1] / "core" / "jobs"
ROOT = Path(__file__).resolve().parents[2]
LIMIT = 10.0
SIGNALS = [pytest.param(signal.SIGTERM, id="SIGTERM"), pytest.param(signal.SIGINT, id="SIGINT")]


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHEQU_")}
    return {**env, "SHEQU_ENV": "test", "SHEQU_DATA_DIR": str(tmp_path / "data"), **extra}


def _start(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.Popen:
    log = open(tmp_path / "process.log", "wb")
    # Its own session, so the signal reaches only the command (as `kill PID` would), not pytest.
    return subprocess.Popen(
        [SHEQU, *args],
        env=env,
        cwd=str(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait(predicate, proc: subprocess.Popen, tmp_path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(
                "did not get ready:\n" + (tmp_path / "process.log").read_text()[-3000:]
            )
        time.sleep(0.1)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _stop_within_limit(proc: subprocess.Popen, sig: signal.Signals, tmp_path: Path) -> float:
    started = time.monotonic()
    proc.send_signal(sig)
    try:
        proc.wait(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        raise AssertionError(
            f"still running {LIMIT} s after {sig.name}:\n"
            + (tmp_path / "process.log").read_text()[-3000:]
        ) from None
    took = time.monotonic() - started
    # Nothing of it may linger: granian's workers and dramatiq's processes are in its group.
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
    return took


@pytest.mark.parametrize("sig", SIGNALS)
@pytest.mark.parametrize("command", ["serve", "demo"])
def test_web_commands_stop_within_ten_seconds(command, sig, tmp_path):
    port = free_port()
    args = [command, "--port", str(port)]
    proc = _start(args, _env(tmp_path), tmp_path)
    _wait(lambda: _answers(f"http://127.0.0.1:{port}/health/live"), proc, tmp_path)
    # A request under way when the signal comes still gets its answer or a closed connection,
    # never a hang.
    _stop_within_limit(proc, sig, tmp_path)
    assert not _answers(f"http://127.0.0.1:{port}/health/live")


@pytest.mark.parametrize("sig", SIGNALS)
def test_worker_finishes_its_running_job_and_stops_within_ten_seconds(sig, redis_server, tmp_path):
    prefix = f"shutdown{sig.value}"
    env = _env(
        tmp_path,
        SHEQU_REDIS_URL=redis_server.url,
        SHEQU_REDIS_PREFIX=prefix,
        SHEQU_SAMPLE_JOBS_BIND="1",
        SHEQU_WORKER_PROCESSES="1",
        SHEQU_WORKER_THREADS="2",
        PYTHONPATH=os.pathsep.join([str(JOBS_DIR), str(ROOT)]),
    )
    sys.path.insert(0, str(JOBS_DIR))
    try:
        from sample_jobs import slow_mark

        from core.jobs import start_jobs
        from core.settings import Settings

        broker = start_jobs(
            Settings(env="test", redis_url=redis_server.url, redis_prefix=prefix), [slow_mark]
        )
    finally:
        sys.path.remove(str(JOBS_DIR))
    client = Redis.from_url(redis_server.url)
    done = f"{prefix}:slow"
    try:
        proc = _start(["worker", "--module", "sample_jobs"], env, tmp_path)
        slow_mark.send(5, done, 2.0)
        _wait(lambda: client.get(f"{done}:started"), proc, tmp_path)
        took = _stop_within_limit(proc, sig, tmp_path)
    finally:
        broker.close()
    assert client.get(done) == b"5", "the running job was cut short"
    assert took >= 1.0  # it waited for the job instead of dropping it


@pytest.mark.parametrize("sig", SIGNALS)
def test_scheduler_stops_within_ten_seconds(sig, redis_server, tmp_path):
    env = _env(tmp_path, SHEQU_REDIS_URL=redis_server.url, SHEQU_REDIS_PREFIX="shutdown-scheduler")
    subprocess.run(
        [SHEQU, "db", "upgrade"], env=env, cwd=str(tmp_path), check=True, capture_output=True
    )
    proc = _start(["scheduler"], env, tmp_path)
    log = tmp_path / "process.log"
    _wait(lambda: "scheduler running" in log.read_text(), proc, tmp_path)
    time.sleep(0.5)  # into APScheduler's loop
    _stop_within_limit(proc, sig, tmp_path)
    assert "scheduler stopped" in log.read_text()
