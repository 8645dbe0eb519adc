"""Test helpers for shequ and its plugins, shipped with shequ (``shequ.testing``).

Installing shequ registers the pytest plugin :mod:`core.testing.plugin` (entry point
``pytest11``), so any package's tests get the fixtures core's own tests use: ``settings`` and
``app`` on SQLite and on PostgreSQL (``SHEQU_TEST_BACKENDS``), ``world`` (a small city with
one account per role), ``api`` (an HTTP client acting as those accounts). See
docs/plugins.md, "Testing a plugin".
"""

from core.testing._isolation import RouteCall, assert_neighbour_refused, assert_silent_where_off, plugin_routes
from core.testing._world import PASSWORD, SECRET, WORLD_SHAPE, WORLD_USERS, Api, World, build_world

__all__ = [
    "PASSWORD",
    "SECRET",
    "WORLD_SHAPE",
    "WORLD_USERS",
    "Api",
    "RouteCall",
    "World",
    "assert_neighbour_refused",
    "assert_silent_where_off",
    "build_world",
    "plugin_routes",
]
