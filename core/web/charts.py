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
    label_font_size=16,
    major_label_font_size=16,
    legend_font_size=15,
    title_font_size=16,
)
KINDS = {"bar": pygal.Bar, "line": pygal.Line, "pie": pygal.Pie}
# Drawn 360 units wide so that, scaled to a 360 px phone, a 14-unit label stays ~13 px tall.
WIDTH = 360
# Bar charts with more labels than this (or long ones) are drawn as horizontal bars, whose
# labels sit one per line instead of overlapping under the x axis.
MAX_COLUMN_LABELS = 4


def has_information(chart: dict[str, Any]) -> bool:
    """False for a chart with no numbers, or only zeros: it says nothing worth drawing."""
    values = [v for s in chart.get("series", []) for v in s.get("values", [])]
    return any(isinstance(v, int | float) and v != 0 for v in values)


def _horizontal(kind: type, labels: list[str]) -> bool:
    return kind is pygal.Bar and (
        len(labels) > MAX_COLUMN_LABELS or sum(len(label) for label in labels) > 16
    )


def render_svg(chart: dict[str, Any], title: str = "") -> str:
    """An SVG document for a CardContent chart dict (``kind``, ``labels``, ``series``, ``colors``)."""
    kind = KINDS.get(chart.get("kind", "bar"), pygal.Bar)
    labels = [str(label) for label in chart.get("labels", [])]
    colours = list(chart.get("colors") or [])
    if _horizontal(kind, labels):
        kind = pygal.HorizontalBar
    pie = kind is pygal.Pie
    horizontal = kind is pygal.HorizontalBar
    rows = len(labels) if horizontal else 0
    # pygal sizes label room for Latin letters; a Chinese character is about twice as wide.
    wide = max((sum(1 for ch in label if ord(ch) > 0x2E80) for label in labels), default=0)
    graph = kind(
        margin_left=12 + int(0.5 * STYLE.label_font_size * wide) if horizontal else None,
        style=STYLE,
        width=WIDTH,
        height=max(240, 36 * rows + 60) if rows else (300 if pie else 240),
        js=[],  # pygal links a tooltip script from the internet by default
        disable_xml_declaration=True,
        show_legend=len(chart.get("series", [])) > 1 or pie,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=-1,
        truncate_label=-1,
        title=title or None,
    )
    if pie:
        values = (chart.get("series") or [{"values": []}])[0]["values"]
        for i, (label, value) in enumerate(zip(labels, values, strict=False)):
            if value:  # a zero slice is an empty legend line
                graph.add(label, [_coloured(value, colours, i)])
    else:
        # Horizontal bars are drawn bottom-up: reverse them so the first label reads at the top.
        order = list(reversed(range(len(labels)))) if horizontal else list(range(len(labels)))
        graph.x_labels = [labels[i] for i in order]
        values = [
            v
            for s in chart.get("series", [])
            for v in s.get("values", [])
            if isinstance(v, int | float)
        ]
        if values and all(float(v).is_integer() for v in values):
            # Counts: a few round whole-number ticks (pygal would draw 0.2, 0.4, ... or crowd
            # nine numbers under 360 units of horizontal bars).
            graph.y_labels = _ticks(int(max(values + [1])), 4 if kind is pygal.HorizontalBar else 6)
        one = len(chart.get("series", [])) == 1
        for series in chart.get("series", []):
            values = list(series.get("values", []))
            if one and colours:
                values = [_coloured(v, colours, i) for i, v in enumerate(values)]
            graph.add(str(series.get("name", "")), [values[i] for i in order if i < len(values)])
    return graph.render(is_unicode=True)


def _ticks(top: int, most: int) -> list[int]:
    """Round ticks from 0 to just past ``top`` (steps of 1, 2 or 5 × 10ⁿ), at most ``most`` steps."""
    base = 1
    while True:
        for step in (base, 2 * base, 5 * base):
            if -(-top // step) <= most:
                return list(range(0, top + step, step))
        base *= 10


def _coloured(value: Any, colours: list[str], i: int) -> Any:
    """A pygal value that carries its own colour when one is given for its label."""
    return {"value": value, "color": colours[i]} if i < len(colours) and colours[i] else value


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


def swatch_uri(colour: str) -> str:
    """A small round colour sample as a ``data:`` image (the CSP forbids inline styles)."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">'
        f'<circle cx="8" cy="8" r="7" fill="{colour}" stroke="#1a1a1a" stroke-width="1"/></svg>'
    )
    return data_uri(svg)
