"""Fixtures of the console tests."""

from __future__ import annotations

import pytest

from web_helpers import Console


@pytest.fixture
async def console(app):
    """An anonymous console client (cookies persist across requests)."""
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app) as client:
        yield Console(client)
