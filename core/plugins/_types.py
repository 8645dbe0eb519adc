"""Value types of the plugin contract: the manifest and what register_* hooks return."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from core.levels import LEVELS

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class PluginError(RuntimeError):
    """A plugin cannot be loaded (bad manifest, wrong core version, missing dependency)."""


@dataclass(frozen=True)
class PluginManifest:
    """What a plugin declares about itself in ``<package>/__init__.py`` as ``manifest``."""

    id: str
    title_zh: str
    title_en: str
    version: str
    description: str = ""
    requires_core: str = ""
    depends_on: tuple[str, ...] = ()
    levels: tuple[str, ...] = ("community",)
    config_schema: dict[str, Any] = field(default_factory=lambda: {"type": "object"})
    default_config: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _ID_RE.match(self.id):
            raise PluginError(f"plugin id {self.id!r} must match [a-z][a-z0-9_]*")
        bad = [lv for lv in self.levels if lv not in LEVELS]
        if bad:
            raise PluginError(f"plugin {self.id!r}: unknown levels {bad} (use {list(LEVELS)})")
        # tuples keep the manifest hashable even when authors pass lists
        object.__setattr__(self, "depends_on", tuple(self.depends_on))
        object.__setattr__(self, "levels", tuple(self.levels))


@dataclass(frozen=True)
class NavItem:
    """One console navigation entry; ``path`` is relative to /orgs/{org_id}/."""

    id: str
    label_zh: str
    label_en: str
    path: str
    order: int = 100
    # "subtree": also shown at a street or city where the module is on only below it
    # (the page's route must be marked opt={"module_scope": "subtree"}).
    scope: str = "org"
    # (object, act) the user needs at the org to see the link, e.g. ("patrol:stats", "read");
    # None shows it to everyone who sees the org's console.
    permission: tuple[str, str] | None = None


ATTENTION_TONES = ("overdue", "today", "waiting")


@dataclass(frozen=True)
class AttentionItem:
    """One line of the dashboard's "what needs me today" panel: a count and where to act on it.

    ``tone``: ``overdue`` (late: shown first, in red), ``today`` (due today), ``waiting``
    (pending someone's approval or answer). ``href`` is relative to /orgs/{org_id}/, like a
    NavItem's path. Lines with a count of 0 are not shown.
    """

    id: str
    label_zh: str
    label_en: str
    count: int
    href: str = ""
    tone: str = "today"

    def __post_init__(self) -> None:
        if self.tone not in ATTENTION_TONES:
            raise PluginError(f"attention item {self.id!r}: tone must be one of {ATTENTION_TONES}")


@dataclass
class CardContent:
    """What a dashboard card shows: figures (label, value), an optional chart, attention items.

    ``chart``: ``{"kind": "bar"|"line"|"pie", "labels": [...], "series": [{"name", "values"}],
    "colors": [...]}``; ``colors`` (optional, CSS hex, one per label) colours a one-series
    bar chart or a pie by label, e.g. a team's own colour.
    """

    figures: list[tuple[str, str | int | float]] = field(default_factory=list)
    chart: dict | None = None
    attention: list[AttentionItem] = field(default_factory=list)


@dataclass(frozen=True)
class DashboardCard:
    """A dashboard card; ``load(session, org)`` returns its ``CardContent``."""

    id: str
    title_zh: str
    title_en: str
    load: Callable[..., Awaitable[CardContent]]
    order: int = 100
    # "subtree": also shown at a street or city where the module is on only below it;
    # ``load`` then gets that org and must aggregate its subtree.
    scope: str = "org"
    # (object, act) the user needs at the org to see the card; None: everyone who sees the org.
    permission: tuple[str, str] | None = None
    # "figures": a card of its own; "attention": not drawn as a card, its ``attention`` items
    # join the "what needs me today" panel at the top of the dashboard.
    kind: str = "figures"


@dataclass(frozen=True)
class ExportSpec:
    """A spreadsheet export; ``build(session, org, params)`` returns XLSX bytes.

    It runs as a background job (a JobRun with progress and a download). ``permission`` is the
    (object, action) the person needs at the org, by default ``("<plugin>:export", "export")``;
    ``period`` asks for a start and end date, passed in ``params`` as ISO strings.
    """

    id: str
    title_zh: str
    title_en: str
    build: Callable[..., Awaitable[bytes]]
    permission: tuple[str, str] | None = None
    period: bool = True


@dataclass(frozen=True)
class Schedule:
    """A periodic job: the scheduler sends ``actor_name`` for every org where the plugin is on."""

    id: str
    cron: str
    actor_name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
