"""Measure the two authorizer designs on a synthetic territory: python -m bench.authz_designs."""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import time
from pathlib import Path

from core.authz import DESIGNS, CachedAuthorizer, DomainMatchAuthorizer, load_base_grants
from core.authz import plugin_grants

RESULTS = Path(__file__).resolve().parent / "results" / "authz_designs.json"
PLUGINS = ("patrol", "visits", "notice")  # enough plugin templates for a realistic policy size
CORE_OBJECTS = ("core:org", "core:user", "core:member", "core:module", "core:audit")
ACTIONS = ("read", "create", "update", "delete", "approve", "export")
GOALS_US = {"warm": 20, "cold": 300}
LOAD_GOAL_S = 1.0
now = time.perf_counter_ns


def build_tree(streets: int, communities: int, grids: int) -> dict[str, list[str]]:
    """Return {level: [paths]} for one city; sequential ids so /1/7/ and /1/70/ both exist."""
    ids = iter(range(2, 10**9))
    tree: dict[str, list[str]] = {"city": ["/1/"], "street": [], "community": [], "grid": []}
    for _ in range(streets):
        s = f"/1/{next(ids)}/"
        tree["street"].append(s)
        for _ in range(communities):
            c = f"{s}{next(ids)}/"
            tree["community"].append(c)
            tree["grid"].extend(f"{c}{next(ids)}/" for _ in range(grids))
    return tree


def build_links(tree: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """Give every level its staff: ~4,700 users at the default size, one link each."""
    plan = [
        ("city", "city_admin", 5),
        ("street", "street_admin", 3),
        ("community", "community_secretary", 1),
        ("community", "community_worker", 8),
        ("community", "party_member", 2),
        ("grid", "grid_worker", 2),
    ]
    links, uid = [], 0
    for level, role, per_node in plan:
        for path in tree[level]:
            for _ in range(per_node):
                uid += 1
                links.append((f"u:{uid}", role, path))
    return links


def build_requests(tree, links, grants, n: int, rng: random.Random):
    """Make n allowed and n denied requests, labelled by a reference evaluation."""
    templates: dict[str, list[tuple[str, str]]] = {}
    for role, _, obj, act in grants:
        templates.setdefault(role, []).append((obj, act))
    under: dict[str, list[str]] = {}  # org path -> grids in its subtree
    for grid in tree["grid"]:
        for i in range(1, len(grid)):
            if grid[i] == "/":
                under.setdefault(grid[: i + 1], []).append(grid)
    objects = CORE_OBJECTS + tuple(f"{p}:item" for p in PLUGINS)
    reference = CachedAuthorizer(DESIGNS["ancestor"]())
    reference.load(grants, links)
    allowed, denied = [], []
    while len(allowed) < n or len(denied) < n:
        user, role, path = rng.choice(links)
        obj, act = rng.choice(templates[role])
        obj = rng.choice(objects) if obj == "*" else obj.replace("*", "item")
        act = rng.choice(ACTIONS) if act == "*" else act
        if rng.random() < 0.5:  # somewhere in the subtree, usually a grid below it
            grid = rng.choice(under.get(path) or [path])
            target = grid[: rng.randrange(len(path), len(grid) + 1)]
            target = target[: target.rfind("/") + 1]
        else:  # a random node of the same depth, usually outside the subtree
            target = rng.choice(tree_level(tree, path))
            if rng.random() < 0.3:
                act = rng.choice(ACTIONS)
        bucket = allowed if reference.enforce(user, target, obj, act) else denied
        if len(bucket) < n:
            bucket.append((user, target, obj, act))
    return allowed, denied


def tree_level(tree, path: str) -> list[str]:
    """All paths at the same depth as path."""
    return tree[("city", "street", "community", "grid")[path.count("/") - 2]]


def timings(fn, requests) -> list[int]:
    """Time each call separately in ns, the way a request handler would see it."""
    out = []
    for req in requests:
        t0 = now()
        fn(*req)
        out.append(now() - t0)
    return out


def pct(samples: list[int]) -> dict[str, float]:
    """p50/p99 of ns samples, in microseconds."""
    s = sorted(samples)
    return {
        "p50_us": s[len(s) // 2] / 1000,
        "p99_us": s[min(len(s) - 1, int(len(s) * 0.99))] / 1000,
    }


def measure_design(name, grants, links, allowed, denied, warm_passes: int) -> dict:
    """Load time and decision latency (cold after load, cold after invalidate, warm)."""
    loads = []
    for _ in range(3):
        authz = CachedAuthorizer(DESIGNS[name]())
        gc.collect()
        t0 = now()
        authz.load(grants, links)
        loads.append((now() - t0) / 1e9)
    requests = [(r, "allowed") for r in allowed] + [(r, "denied") for r in denied]
    random.Random(7).shuffle(requests)
    result = {"load_s": statistics.median(loads), "load_runs_s": loads}
    for phase in ("cold_after_load", "cold", "warm"):
        if phase == "cold":
            authz.invalidate()
        passes = warm_passes if phase == "warm" else 1
        samples = {"allowed": [], "denied": []}
        for _ in range(passes):
            for req, kind in requests:
                t0 = now()
                got = authz.enforce(*req)
                samples[kind].append(now() - t0)
                assert got == (kind == "allowed"), (name, req, kind)
        result[phase] = {kind: pct(v) for kind, v in samples.items()}
    result["cache"] = {"hits": authz.hits, "misses": authz.misses}
    return result


def baseline(allowed, denied, passes: int) -> dict[str, float]:
    """A plain dict lookup behind a function call, timed the same way."""
    table = {r: True for r in allowed} | {r: False for r in denied}

    def lookup(user, path, obj, act):
        return table.get((user, path, obj, act))

    return pct(timings(lookup, (allowed + denied) * passes))


def quadratic(grants, links) -> list[dict]:
    """Adding N links one by one through casbin's API vs one adapter load, N = 1k, 2k, 4k."""
    rows = []
    for n in (1000, 2000, 4000):
        subset = links[:n]
        one = DomainMatchAuthorizer()
        one.load(grants, ())
        t0 = now()
        for user, role, path in subset:
            one.enforcer.add_grouping_policy(user, role, path)
        one_by_one = (now() - t0) / 1e6
        bulk = DomainMatchAuthorizer()
        t0 = now()
        bulk.load(grants, subset)
        adapter = (now() - t0) / 1e6
        rows.append({"n": n, "one_by_one_ms": one_by_one, "adapter_ms": adapter})
    return rows


def report(meta, designs, base, quad) -> None:
    """Print the results table."""
    print(f"\nauthz designs: {meta}")
    print(f"baseline dict lookup: p50 {base['p50_us']:.2f} µs, p99 {base['p99_us']:.2f} µs\n")
    head = f"{'design':9} {'phase':16} {'kind':8} {'p50 µs':>9} {'p99 µs':>9} {'p99/base':>9} {'goal p99':>9} ok"
    print(head + "\n" + "-" * len(head))
    for name, res in designs.items():
        for phase in ("cold_after_load", "cold", "warm"):
            goal = GOALS_US["warm" if phase == "warm" else "cold"]
            for kind in ("allowed", "denied"):
                p = res[phase][kind]
                ratio = p["p99_us"] / base["p99_us"]
                ok = "yes" if p["p99_us"] <= goal else "NO"
                print(
                    f"{name:9} {phase:16} {kind:8} {p['p50_us']:9.2f} {p['p99_us']:9.2f} "
                    f"{ratio:9.1f} {goal:9} {ok}"
                )
    print()
    for name, res in designs.items():
        ok = "yes" if res["load_s"] <= LOAD_GOAL_S else "NO"
        runs = ", ".join(f"{s:.3f}" for s in res["load_runs_s"])
        print(
            f"load {name:9} median {res['load_s']:.3f} s  (runs {runs}; goal ≤ {LOAD_GOAL_S} s) {ok}"
        )
    print("\ncasbin links: one by one (add_grouping_policy) vs adapter load")
    prev = None
    for row in quad:
        growth = f"  ×{row['one_by_one_ms'] / prev:.1f} for 2× N" if prev else ""
        print(
            f"  N={row['n']:5}  one-by-one {row['one_by_one_ms']:8.1f} ms  "
            f"adapter {row['adapter_ms']:7.1f} ms{growth}"
        )
        prev = row["one_by_one_ms"]


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write bench/results/authz_designs.json."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--streets", type=int, default=15)
    ap.add_argument("--communities", type=int, default=10, help="communities per street")
    ap.add_argument("--grids", type=int, default=10, help="grids per community")
    ap.add_argument("--scale", type=int, default=1, help="multiply streets (and so users)")
    ap.add_argument("--requests", type=int, default=2000, help="allowed and denied requests each")
    ap.add_argument("--warm-passes", type=int, default=5)
    ap.add_argument("--skip-quadratic", action="store_true")
    args = ap.parse_args(argv)

    rng = random.Random(42)
    tree = build_tree(args.streets * args.scale, args.communities, args.grids)
    links = build_links(tree)
    grants = load_base_grants() + [g for p in PLUGINS for g in plugin_grants(p)]
    allowed, denied = build_requests(tree, links, grants, args.requests, rng)
    meta = {
        "scale": args.scale,
        "orgs": sum(len(v) for v in tree.values()),
        "users": len(links),
        "links": len(links),
        "grants": len(grants),
        "requests_each": args.requests,
    }
    gc.collect()
    gc.freeze()  # the synthetic data is long-lived, like a server's state after start-up
    designs = {
        name: measure_design(name, grants, links, allowed, denied, args.warm_passes)
        for name in ("ancestor", "domain")
    }
    base = baseline(allowed, denied, args.warm_passes)
    quad = [] if args.skip_quadratic else quadratic(grants, links)
    report(meta, designs, base, quad)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    stored[f"scale={args.scale}"] = {
        "meta": meta,
        "goals": {
            "warm_p99_us": GOALS_US["warm"],
            "cold_p99_us": GOALS_US["cold"],
            "load_s": LOAD_GOAL_S,
        },
        "baseline": base,
        "designs": designs,
        "quadratic": quad,
    }
    RESULTS.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
