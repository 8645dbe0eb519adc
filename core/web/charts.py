"""Server-side charts: pygal draws SVG, embedded as an image so no script or inline style runs."""

from __future__ import annotations

import base64
from typing import Any

import pygal
from pygal.style import Style

# Colours chosen for WCAG AA contrast against white (tests/web checks them).
SERIES_COLOURS = ("#1d4f91", "#a4161a", "#2b6a2f", "#7a4a00", "#5a2a82")
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#555555",
    colors=SERIES_COLOURS,
    font_family="sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=16,
)
KINDS = {"bar": pygal.Bar, "line": pygal.Line, "pie": pygal.Pie}


def render_svg(chart: dict[str, Any], title: str = "") -> str:
    """An SVG document for a CardContent chart dict (``kind``, ``labels``, ``series``)."""
    kind = KINDS.get(chart.get("kind", "bar"), pygal.Bar)
    graph = kind(
        style=STYLE,
        width=480,
        height=280,
        js=[],  # pygal links a tooltip script from the internet by default
        disable_xml_declaration=True,
        show_legend=len(chart.get("series", [])) > 1 or kind is pygal.Pie,
        title=title or None,
    )
    labels = [str(label) for label in chart.get("labels", [])]
    if kind is pygal.Pie:
        values = (chart.get("series") or [{"values": []}])[0]["values"]
        for label, value in zip(labels, values, strict=False):
            graph.add(label, value)
    else:
        graph.x_labels = labels
        values = [
            v
            for s in chart.get("series", [])
            for v in s.get("values", [])
            if isinstance(v, int | float)
        ]
        if values and all(float(v).is_integer() for v in values):
            # Counts: whole-number ticks only (pygal would otherwise draw 0.2, 0.4, ...).
            top = int(max(values + [1]))
            step = max(1, top // 8)
            graph.y_labels = list(range(0, top + step, step))
        for series in chart.get("series", []):
            graph.add(str(series.get("name", "")), list(series.get("values", [])))
    return graph.render(is_unicode=True)


def data_uri(svg: str) -> str:
    """The SVG as a ``data:`` URL for an ``<img>`` (allowed by the CSP's img-src)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def table_rows(chart: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The chart's figures as a table: header (label column, then one per series) and rows."""
    series = chart.get("series", [])
    header = [""] + [str(s.get("name", "")) for s in series]
    rows = []
    for i, label in enumerate(chart.get("labels", [])):
        rows.append(
            [label] + [s["values"][i] if i < len(s.get("values", [])) else "" for s in series]
        )
    return header, rows
