"""Fixtures of the outbox tests: the app without in-process job workers (the tests run the job)."""

from __future__ import annotations

import dataclasses

import pytest


@pytest.fixture
async def app(settings, world):
    """The app on the current backend; no worker thread races the test's own delivery runs."""
    from core.app import create_app

    return create_app(dataclasses.replace(settings, worker_in_process=False))
