"""What every benchmark shares: the results folder, percentiles, and one row of the table."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def pct_ms(samples: list[float]) -> dict[str, float]:
    """p50/p99 of second samples, in milliseconds."""
    s = sorted(samples)
    return {"p50_ms": s[len(s) // 2] * 1000, "p99_ms": s[min(len(s) - 1, int(len(s) * 0.99))] * 1000}


def save(name: str, data: dict) -> None:
    """Write one benchmark's result file."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "host": platform.node(), **data}
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def row(name, figure, unit, baseline, baseline_name, ok, goal) -> dict:
    """One line of the final table; ratio is figure / baseline."""
    ratio = figure / baseline if baseline else None
    print(f"  {name}: {figure:.3f} {unit}  baseline {baseline_name} "
          f"{'' if baseline is None else f'{baseline:.3f} {unit}'}  ratio {'-' if ratio is None else f'{ratio:.1f}'}"
          f"  goal {goal} {'ok' if ok else 'MISSED'}", flush=True)
    return {"name": name, "figure": figure, "unit": unit, "baseline": baseline, "baseline_name": baseline_name,
            "ratio": ratio, "goal": goal, "ok": ok}
