"""The dashboard's "what needs me today" panel and its charts: rules every module relies on."""

from __future__ import annotations

import types

import pytest

from core.plugins import AttentionItem, PluginError
from core.web import charts
from core.web.pages.dashboard import _attention_view, _card_view


def test_lines_are_ordered_by_tone_then_count_and_zero_lines_are_dropped():
    org = types.SimpleNamespace(id=7)
    items = [
        AttentionItem("m.new", "新线索", "New", 4, "m/?s=new", "waiting"),
        AttentionItem("m.none", "无", "None", 0, "m/", "overdue"),
        AttentionItem("m.today", "今日", "Today", 2, "m/today", "today"),
        AttentionItem("m.late", "逾期", "Late", 1, "", "overdue"),
        AttentionItem("m.later", "更逾期", "Later", 3, "m/late", "overdue"),
    ]
    view = _attention_view(org, items)
    assert [v["id"] for v in view] == ["m.later", "m.late", "m.today", "m.new"]
    assert view[0]["href"] == "/orgs/7/m/late" and view[1]["href"] == ""
    with pytest.raises(PluginError, match="tone"):
        AttentionItem("m.x", "x", "x", 1, tone="urgent")


def test_a_chart_of_zeros_is_not_drawn_and_many_labels_become_readable_bars():
    zeros = _card_view("卡片", [("人次", 0)], {"kind": "bar", "labels": ["甲", "乙"],
                                              "series": [{"name": "人次", "values": [0, 0]}]})
    assert zeros["chart"] is None and zeros["empty"] is True
    labels = ["金色盾牌", "红色警戒", "和平之星", "雏鹰小卫士", "银色防线", "公益巡防", "蓝色卫士"]
    svg = charts.render_svg({"kind": "bar", "labels": labels, "colors": ["#b8860b"] * 7,
                             "series": [{"name": "人次", "values": [1, 2, 3, 4, 5, 6, 70]}]})
    assert "horizontalbar-graph" in svg  # seven labels: one per line, not squeezed under an axis
    assert svg.count("#b8860b") >= 7  # the colour given for each label
    assert all(label in svg for label in labels)  # never truncated
    assert charts.has_information({"series": [{"values": [0, 3]}]})
    assert not charts.has_information({"series": [{"values": [0, 0.0]}]})
