"""Redis and PostgreSQL outages under mixed traffic lose nothing (issue 18).

A private PostgreSQL cluster and a private Redis (never the shared ones) serve a real
`shequ serve` and a real `shequ worker`. While logins, org creations and provisioning jobs
go on, one of them is stopped for OUTAGE seconds and started again. Afterwards every
acknowledged write is there exactly once and no run is left queued; during a Redis outage
logins keep working, and during a database outage the answers are 503 with Retry-After,
never 500. The issue's 20 s outage is SHEQU_OUTAGE_SECONDS=20.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
import pytest
from shequ_testing import SECRET

from core.auth.tokens import SESSION_COOKIE
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from _services import PrivatePostgres, PrivateRedis, free_port
from test_shutdown import SHEQU, _answers

OUTAGE = float(os.environ.get("SHEQU_OUTAGE_SECONDS", "3"))
PASSWORD = "password-123"


@dataclass
class Cluster:
    """The services, the two shequ processes and what the traffic saw."""

    pg: PrivatePostgres
    redis: PrivateRedis
    base: str
    env: dict[str, str]
    city: int = 0
    token: str = ""
    procs: list[subprocess.Popen] = field(default_factory=list)


def _shequ(env, cwd, *args):
    return subprocess.run(
        [SHEQU, *args], env=env, cwd=str(cwd), check=True, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    work = tmp_path_factory.mktemp("outage")
    pg, redis = PrivatePostgres(), PrivateRedis(work / "redis")
    pg.init()
    pg.start()
    redis.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHEQU_")}
    env.update(
        SHEQU_ENV="test",
        SHEQU_DATABASE_URL=pg.url,
        SHEQU_REDIS_URL=redis.url,
        SHEQU_SECRET_KEY=SECRET,
        SHEQU_DATA_DIR=str(work / "data"),
        SHEQU_WORKER_PROCESSES="1",
        SHEQU_WORKER_THREADS="2",
        SHEQU_LOGIN_RATE_LIMIT="1000/minute",
    )
    (work / "city.yaml").write_text(
        "nodes:\n  - {level: city, name: 停电市, code: OUT}\n", encoding="utf-8"
    )
    _shequ(env, work, "db", "upgrade")
    _shequ(env, work, "provision", "city.yaml")
    _shequ(
        env,
        work,
        "users",
        "create",
        "--username",
        "root",
        "--password",
        PASSWORD,
        "--platform-admin",
    )
    c = Cluster(pg, redis, f"http://127.0.0.1:{port}", env)
    logs = [open(work / "serve.log", "wb"), open(work / "worker.log", "wb")]
    c.procs.append(
        subprocess.Popen(
            [SHEQU, "serve", "--port", str(port)],
            env=env,
            cwd=str(work),
            stdout=logs[0],
            stderr=subprocess.STDOUT,
        )
    )
    c.procs.append(
        subprocess.Popen(
            [SHEQU, "worker"], env=env, cwd=str(work), stdout=logs[1], stderr=subprocess.STDOUT
        )
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"{c.base}/health/ready"):
            assert time.monotonic() < deadline, (work / "serve.log").read_text()[-3000:]
            time.sleep(0.2)
        c.city = _db(c, "SELECT id FROM org_units WHERE code = 'OUT'")[0][0]
        with httpx.Client(base_url=c.base, timeout=30) as client:
            c.token = _login(client)["Authorization"].split()[1]
        c.work = work
        yield c
    finally:
        for proc in c.procs:
            proc.terminate()
        for proc in c.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()
        redis.stop()
        pg.remove()


def _login(client: httpx.Client) -> dict[str, str]:
    r = client.post("/api/v1/auth/login", json={"username": "root", "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@dataclass
class Seen:
    """What the traffic was told."""

    statuses: Counter = field(default_factory=Counter)
    logins: Counter = field(default_factory=Counter)
    orgs: list[str] = field(default_factory=list)  # codes acknowledged with 201
    runs: list[int] = field(default_factory=list)  # runs acknowledged with 202
    bad: list[str] = field(default_factory=list)  # 5xx other than 503 + Retry-After
    pages_503: list[str] = field(default_factory=list)  # content types of console 503s


def _traffic(c: Cluster, tag: str, stop: threading.Event, seen: Seen) -> None:
    with httpx.Client(base_url=c.base, timeout=30) as client:
        headers = _login(client)
        n = 0
        while not stop.is_set():
            n += 1
            code = f"{tag}{n:04d}"
            doc = {"nodes": [{"level": "street", "name": f"预演{n}", "code": f"{code}P"}]}
            calls = [
                (
                    "login",
                    "POST",
                    "/api/v1/auth/login",
                    {"json": {"username": "root", "password": PASSWORD}},
                ),
                (
                    "org",
                    "POST",
                    "/api/v1/orgs/",
                    {
                        "json": {
                            "parent_id": c.city,
                            "level": "street",
                            "name": f"街道{code}",
                            "code": code,
                        },
                        "headers": headers,
                    },
                ),
                (
                    "run",
                    "POST",
                    f"/api/v1/orgs/{c.city}/provision/jobs?dry_run=true",
                    {"json": doc, "headers": headers},
                ),
                ("read", "GET", f"/api/v1/orgs/{c.city}/children", {"headers": headers}),
                (
                    "page",
                    "GET",
                    "/",
                    {"follow_redirects": True},
                ),  # the console, with the session cookie
            ]
            for kind, method, path, kw in calls:
                try:
                    r = client.request(method, path, **kw)
                except httpx.HTTPError as exc:  # a refused connection is not an answer; count it
                    seen.statuses[(kind, type(exc).__name__)] += 1
                    continue
                seen.statuses[(kind, r.status_code)] += 1
                if r.status_code >= 500 and not (
                    r.status_code == 503 and r.headers.get("retry-after")
                ):
                    seen.bad.append(f"{kind} {r.status_code} {r.text[:300]}")
                if kind == "login":
                    seen.logins[r.status_code] += 1
                elif kind == "org" and r.status_code == 201:
                    seen.orgs.append(code)
                elif kind == "run" and r.status_code == 202:
                    seen.runs.append(r.json()["id"])
                elif kind == "page" and r.status_code == 503:
                    seen.pages_503.append(r.headers.get("content-type", ""))
            time.sleep(0.05)


def _under_traffic(c: Cluster, tag: str, outage) -> Seen:
    """Traffic for 1 s, then ``outage()`` (which stops and restarts a service), then 2 s more."""
    seen, stop = Seen(), threading.Event()
    threads = [
        threading.Thread(target=_traffic, args=(c, f"{tag}{i}", stop, seen)) for i in range(2)
    ]
    for t in threads:
        t.start()
    try:
        time.sleep(1)
        outage()
        time.sleep(2)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    return seen


def _db(c: Cluster, sql: str, **params):
    async def run():
        engine = create_async_engine(c.pg.url)
        try:
            async with engine.connect() as conn:
                return (await conn.execute(text(sql), params)).all()
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _settled(c: Cluster, seen: Seen, timeout: float = 60, retries_allowed: bool = False) -> None:
    """Every acknowledged org exists once; every acknowledged run finished (none queued)."""
    assert not seen.bad, seen.bad[:5]
    assert seen.orgs and seen.runs, seen.statuses
    rows = _db(
        c,
        "SELECT code, count(*) FROM org_units WHERE code = ANY(:codes) GROUP BY code",
        codes=seen.orgs,
    )
    assert {code for code, _ in rows} == set(seen.orgs), "an acknowledged org is missing"
    assert all(n == 1 for _, n in rows), "an org was written twice"
    deadline = time.monotonic() + timeout
    while True:
        states = dict(
            _db(
                c,
                "SELECT status, count(*) FROM job_runs WHERE id = ANY(:ids) GROUP BY status",
                ids=seen.runs,
            )
        )
        if states.get("done") == len(set(seen.runs)):
            break
        assert time.monotonic() < deadline, (states, (c.work / "worker.log").read_text()[-2000:])
        time.sleep(0.5)
    assert _db(c, "SELECT count(*) FROM job_outbox")[0][0] == 0
    # A second delivery of a run never runs it again (it finds the run finished and counts no
    # attempt), so an attempt beyond the first is a retry after a failed one. Through a Redis
    # outage no attempt may fail. Through a database outage a run that was in flight when the
    # database went away fails and is retried (its transaction rolled back); the worker's log
    # must then show that failure for that very run.
    log = re.sub(r"\x1b\[[0-9;]*m", "", (c.work / "worker.log").read_text())  # no colours
    attempts = _db(
        c,
        "SELECT id, attempts, error FROM job_runs WHERE id = ANY(:ids) AND attempts <> 1",
        ids=seen.runs,
    )
    if not retries_allowed:
        assert not attempts, (attempts, log[-3000:])
    for run_id, n, _error in attempts:
        failed = re.findall(rf"job run failed.*?run_id[\"'=: ]+{run_id}\b", log)
        assert n >= 2 and len(failed) >= n - 1, (run_id, n, log[-3000:])


def test_redis_outage_keeps_logins_working_and_strands_no_run(cluster):
    during: list[int] = []

    def outage():
        cluster.redis.stop()
        started = time.monotonic()
        # Whatever the traffic threads manage on a busy machine, these surely meet the outage.
        with httpx.Client(base_url=cluster.base, timeout=30) as client:
            headers = _login(client)
            wrong = client.post(
                "/api/v1/auth/login", json={"username": "root", "password": "wrong-pass"}
            )
            assert wrong.status_code == 401, wrong.text  # counted in memory, not a 500
            doc = {"nodes": [{"level": "street", "name": "停电中", "code": "DURING"}]}
            r = client.post(
                f"/api/v1/orgs/{cluster.city}/provision/jobs?dry_run=true",
                json=doc,
                headers=headers,
            )
            assert r.status_code == 202, r.text
            during.append(r.json()["id"])
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - started)))
        cluster.redis.start()

    seen = _under_traffic(cluster, "R", outage)
    seen.runs += during
    assert set(seen.logins) == {200}, seen.statuses  # every login answered, through the outage
    assert all(status in (200, 201, 202) for (_, status) in seen.statuses), seen.statuses
    _settled(cluster, seen)
    log = (cluster.work / "serve.log").read_text()
    # Each says so once per outage, not once per request.
    assert log.count("counting failed logins in this process") == 1
    assert log.count("messages wait in the outbox") == 1
    assert log.count("the job broker is back") == 1


def test_database_outage_answers_503_with_retry_after_and_loses_nothing(cluster):
    def outage():
        cluster.pg.stop()
        started = time.monotonic()
        # The API and a console page (session cookie) surely meet the outage.
        with httpx.Client(
            base_url=cluster.base, timeout=30, cookies={SESSION_COOKIE: cluster.token}
        ) as client:
            for path in ("/api/v1/me", "/"):
                r = client.get(
                    path,
                    headers={"Authorization": f"Bearer {cluster.token}"} if "api" in path else {},
                    follow_redirects=True,
                )
                assert r.status_code == 503 and r.headers.get("retry-after"), (
                    path,
                    r.status_code,
                    r.text[:300],
                )
                kind = "application/json" if path.startswith("/api") else "text/html"
                assert r.headers["content-type"].startswith(kind), r.headers
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - started)))
        cluster.pg.start()

    seen = _under_traffic(cluster, "P", outage)
    statuses = {status for (_, status) in seen.statuses}
    assert statuses <= {200, 201, 202, 503}, seen.statuses  # 503 while it was down, never 500
    assert all(t.startswith("text/html") for t in seen.pages_503)  # the console's own page
    _settled(cluster, seen, retries_allowed=True)
