"""The controlled vocabulary of person tags; plugins add theirs through ``register_person_tags``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TagDef:
    """One tag: its code, titles, whether it is sensitive (PIPL), and how long it is kept
    after it ends (``retention_days``; None keeps it while the person is on the register)."""

    code: str
    title_zh: str
    title_en: str
    sensitive: bool = False
    retention_days: int | None = None


BUILTIN_TAGS: tuple[TagDef, ...] = (
    TagDef("dibao", "低保", "Minimum living allowance", sensitive=True, retention_days=3 * 365),
    TagDef("kunnan", "困难", "Hardship household", sensitive=True, retention_days=3 * 365),
    TagDef("disabled", "残疾", "Disability", sensitive=True),
    TagDef("empty_nest", "空巢老人", "Empty-nest elderly"),
    TagDef("living_alone", "独居", "Living alone"),
    TagDef("left_behind_child", "留守儿童", "Left-behind child", sensitive=True, retention_days=3 * 365),
    TagDef("migrant", "流动人口", "Migrant population"),
    TagDef("party_member", "党员", "Party member"),
    TagDef("veteran", "退役军人", "Veteran"),
    TagDef("volunteer", "志愿者", "Volunteer"),
)
