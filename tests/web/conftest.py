"""Fixtures of the console tests."""

from __future__ import annotations

import pytest

from web_helpers import Console


@pytest.fixture
async def app(settings, world):
    """The app with job worker threads inside it on both backends: the console's provisioning
    and exports are jobs, and the page tests watch them finish."""
    import dataclasses

    from core.app import create_app

    return create_app(dataclasses.replace(settings, worker_in_process=True))


@pytest.fixture
async def console(app):
    """An anonymous console client (cookies persist across requests)."""
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app) as client:
        yield Console(client)
