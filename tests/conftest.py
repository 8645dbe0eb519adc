"""Core's tests use the fixtures of the ``shequ.testing`` pytest plugin (core/testing/plugin.py),
installed with shequ, the same ones outside plugins get: ``settings``, ``world``, ``app`` and
``api`` on SQLite and PostgreSQL. Helpers: ``from core.testing import Api, World``."""

from __future__ import annotations

from core.testing import SECRET, Api, World, build_world  # noqa: F401
from core.testing.plugin import BACKENDS, PG_ADMIN_URL, REDIS_URL  # noqa: F401
