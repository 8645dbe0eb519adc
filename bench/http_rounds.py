"""Interleaved HTTP rounds: the bare app, this tree's app and, optionally, another tree's app.

``bench.http_bench`` measures the real app and then the bare app once each; on a machine whose
load moves, one pair can differ by tens of percent. This runs them in turns, several rounds,
and prints each one's throughput as a share of the bare app's (sums over the rounds):

    .venv/bin/python -m bench.http_rounds --rounds 3 --database-url postgresql+asyncpg://…/shequ_bench
    .venv/bin/python -m bench.http_rounds --before /tmp/main-tree   # also the app of an exported tree

``--before`` is a directory holding another checkout of shequ (``git archive <commit> | tar -x``);
its app runs with that directory first on ``PYTHONPATH``, in this virtualenv. Same load and
settings as ``bench.http_bench`` (wrk, 32 connections, granian with 2 workers); the city must
exist already (``python -m bench.city``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

import httpx

from bench import http_bench as hb
from bench.city import DEFAULT_URL

HERE = str(Path(__file__).resolve().parents[1])


def run(url: str, rounds: int, seconds: int, before: str | None) -> dict[str, list[dict]]:
    """Every app in turn, ``rounds`` times; the wrk results by app."""
    org_id, _user_id, token = asyncio.run(hb.target(url))
    path = f"/api/v1/orgs/{org_id}/patrol/reports?limit=20"
    trees = {"bare": HERE, "shequ": HERE, **({"before": before} if before else {})}
    out: dict[str, list[dict]] = {name: [] for name in trees}
    saved, cwd = os.environ.get("PYTHONPATH"), os.getcwd()
    with tempfile.TemporaryDirectory(prefix="shequ-rounds-") as data_dir:
        try:
            for n in range(rounds):
                for name, tree in trees.items():
                    kind = "bare" if name == "bare" else "shequ"
                    # granian puts its working directory first on sys.path: start it in the tree.
                    os.environ["PYTHONPATH"] = tree
                    os.chdir(tree)
                    proc = hb.start(kind, url, data_dir)
                    try:
                        full = f"http://127.0.0.1:{hb.PORTS[kind]}{path}"
                        auth = token if kind == "shequ" else None
                        check = httpx.get(full, headers={"Authorization": f"Bearer {token}"}, timeout=30)
                        assert check.status_code == 200, (name, check.status_code, check.text[:300])
                        hb.wrk(full, auth, 3)  # warm-up
                        res = hb.wrk(full, auth, seconds)
                        res.pop("raw")
                        if kind == "shequ":  # which code answered: the state cache counts its lookups
                            metrics = httpx.get(f"http://127.0.0.1:{hb.PORTS[kind]}/metrics", timeout=30).text
                            res["state_cache"] = 'cache="state"' in metrics
                        out[name].append(res)
                        print(f"  round {n + 1} {name}: {res['rps']:.0f} req/s, p99 {res['p99_ms']:.0f} ms"
                              + (f", state cache {res['state_cache']}" if "state_cache" in res else ""), flush=True)
                    finally:
                        hb.stop(proc)
        finally:
            os.chdir(cwd)
            if saved is None:
                os.environ.pop("PYTHONPATH", None)
            else:
                os.environ["PYTHONPATH"] = saved
    return out


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=DEFAULT_URL)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--before", help="another checkout of shequ to measure in the same rounds")
    args = ap.parse_args(argv)
    out = run(args.database_url, args.rounds, args.seconds, args.before)
    bare = sum(r["rps"] for r in out["bare"])
    for name, results in out.items():
        print(f"{name}: {sum(r['rps'] for r in results) / bare:.2f} of the bare app's throughput")


if __name__ == "__main__":
    main()
