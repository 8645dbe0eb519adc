"""(d) HTTP throughput and latency of the patrol reports list, and (e) a warm worker's memory.

Both apps run under granian with the same workers; wrk drives them on loopback. On this
2-core machine wrk, PostgreSQL and both workers share the cores, so absolute figures are low;
the ratio against the bare app is what to compare.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

from bench.city import plain_url

WORKERS, CONNECTIONS = 2, 32
PORTS = {"shequ": 8731, "bare": 8732}
FACTORIES = {"shequ": "core.app:create_app", "bare": "bench.bare_app:create_app"}
SECRET = "bench-secret-" + "x" * 32
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def start(kind: str, url: str, data_dir: str) -> subprocess.Popen:
    """Start granian for one app and wait until it answers."""
    env = dict(os.environ, SHEQU_DATABASE_URL=url, SHEQU_SECRET_KEY=SECRET, SHEQU_DATA_DIR=data_dir,
               SHEQU_REDIS_URL="redis://127.0.0.1:6379/0", SHEQU_REDIS_PREFIX="shequ-bench")
    cmd = [sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--workers", str(WORKERS),
           "--host", "127.0.0.1", "--port", str(PORTS[kind]), "--no-access-log", "--log-level", "warning",
           FACTORIES[kind]]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(f"{data_dir}/{kind}.log", "w"),
                            start_new_session=True)
    for _ in range(120):
        try:
            httpx.get(f"http://127.0.0.1:{PORTS[kind]}/", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.5)
    stop(proc)
    raise RuntimeError(f"{kind} did not start; see {data_dir}/{kind}.log")


def stop(proc: subprocess.Popen) -> None:
    """Stop the granian process group we started."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def worker_rss_mb(proc: subprocess.Popen) -> list[float]:
    """VmRSS of each worker process (the granian main process's children), in MB."""
    out = []
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out.append(int(line.split()[1]) / 1024)
    return out


def wrk(url: str, token: str | None, seconds: int) -> dict:
    """Run wrk and parse throughput, latency percentiles and errors."""
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if token:
        cmd[1:1] = ["-H", f"Authorization: Bearer {token}"]
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    lat = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), "p50_ms": lat.get("50"),
            "p99_ms": lat.get("99"), "non_2xx": int(non2xx.group(1)) if non2xx else 0, "raw": text}


async def target(url: str) -> tuple[int, int, str]:
    """The first community, its secretary and a bearer token for them."""
    from core.auth.tokens import issue_token

    conn = await asyncpg.connect(plain_url(url))
    try:
        org_id, user_id, username = await conn.fetchrow(
            "SELECT r.org_id, u.id, u.username FROM role_assignments r JOIN users u ON u.id = r.user_id "
            "WHERE r.role = 'community_secretary' ORDER BY r.org_id LIMIT 1")
    finally:
        await conn.close()
    return org_id, user_id, issue_token(SECRET, user_id, username, 3600)[0]


async def bench_http(url: str, seconds: int = 15) -> list[dict]:
    """Measure both apps one after the other with the same load, then each worker's RSS."""
    from bench._report import row, save

    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: apt-get install -y wrk")
    org_id, user_id, token = await target(url)
    path = f"/api/v1/orgs/{org_id}/patrol/reports?limit=20"
    results, answers = {}, {}
    with tempfile.TemporaryDirectory(prefix="shequ-bench-") as data_dir:
        for kind in ("shequ", "bare"):
            proc = start(kind, url, data_dir)
            try:
                full = f"http://127.0.0.1:{PORTS[kind]}{path}"
                check = httpx.get(full, headers={"Authorization": f"Bearer {token}"}, timeout=30)
                assert check.status_code == 200, (kind, check.status_code, check.text[:300])
                answers[kind] = [r["id"] for r in check.json()]
                rows = len(answers[kind])
                wrk(full, token if kind == "shequ" else None, 3)  # warm-up: pools, caches, imports
                res = wrk(full, token if kind == "shequ" else None, seconds)
                res["rows"] = rows
                res["rss_mb"] = worker_rss_mb(proc)
                results[kind] = res
                print(f"  {kind}: {res['rps']:.0f} req/s, p50 {res['p50_ms']:.1f} ms, p99 {res['p99_ms']:.1f} ms, "
                      f"{rows} rows, non-2xx {res['non_2xx']}, worker RSS {res['rss_mb']} MB", flush=True)
            finally:
                stop(proc)
    # The baseline must do exactly the same work: the same rows, in the same order.
    assert answers["shequ"] == answers["bare"], ("the bare app answers other rows", answers)
    s, b = results["shequ"], results["bare"]
    share = s["rps"] / b["rps"]
    save("http", {"workers": WORKERS, "connections": CONNECTIONS, "seconds": seconds, "path": path,
                  "org_id": org_id, "user_id": user_id, "shequ": s, "bare": b, "share_of_bare": share})
    rss, bare_rss = max(s["rss_mb"]), max(b["rss_mb"])
    save("memory", {"shequ_worker_rss_mb": s["rss_mb"], "bare_worker_rss_mb": b["rss_mb"]})
    return [
        row(f"HTTP reports list throughput ({CONNECTIONS} conn.)", s["rps"], "r/s", b["rps"], "bare app r/s",
            share >= 0.8, "≥ 80% of bare"),
        row("HTTP reports list p99", s["p99_ms"], "ms", b["p99_ms"], "bare app p99", s["p99_ms"] <= 50, "≤ 50 ms"),
        row("web worker RSS after warm-up", rss, "MB", bare_rss, "bare worker RSS", rss <= 250, "≤ 250 MB"),
    ]
