"""The statistics workbook (XLSX): one sheet of headline figures, one per breakdown."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from plugins.patrol.services.stats import PatrolStats
from plugins.patrol.vocab import label, vocab

HEADLINES = (
    "person_times",
    "patrol_hours",
    "activity_person_times",
    "reports",
    "reports_last_year",
    "change_pct",
    "disputes_mediated",
    "reported_upward",
    "illegal_structures_removed",
    "missed_shifts",
)


def stats_workbook(stats: PatrolStats, org_name: str) -> bytes:
    """The figures of ``stats`` as an XLSX file (labels from the vocabulary, Chinese first)."""
    data = stats.as_dict()
    book = Workbook()
    sheet = book.active
    sheet.title = label("export", "overview")
    sheet.append([org_name, f"{_iso(stats.start)} – {_iso(stats.end)}"])
    for key in HEADLINES:
        sheet.append([label("stats", key), data[key]])

    teams = book.create_sheet(label("export", "teams"))
    teams.append(
        [
            label("export", "team"),
            label("stats", "checkins"),
            label("stats", "patrol_hours"),
            label("stats", "activities"),
            label("stats", "activity_person_times"),
            label("stats", "person_times"),
        ]
    )
    names = {t["colour"]: t["name_zh"] for t in vocab()["teams"]}
    for row in data["teams"]:
        teams.append(
            [
                names[row["colour"]],
                row["checkins"],
                row["patrol_hours"],
                row["activities"],
                row["activity_person_times"],
                row["person_times"],
            ]
        )

    reports = book.create_sheet(label("export", "reports"))
    reports.append([label("export", "category"), label("export", "count")])
    for code, n in data["reports_by_category"].items():
        reports.append([label("report_categories", code), n])
    reports.append([])
    reports.append([label("export", "status"), label("export", "count")])
    for code, n in data["reports_by_status"].items():
        reports.append([label("report_statuses", code), n])

    if data["by_child"]:
        below = book.create_sheet(label("export", "by_child"))
        keys = ("person_times", "patrol_hours", "reports", "disputes_mediated")
        below.append([label("export", "org")] + [label("stats", key) for key in keys])
        for row in data["by_child"]:
            below.append([row["name"]] + [row[key] for key in keys])

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _iso(day: date) -> str:
    return day.isoformat()
