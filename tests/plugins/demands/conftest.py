"""Fixtures of the demands tests: a helper that switches the module on and knows its URLs."""

from __future__ import annotations

import pytest


class Demands:
    """Demands URLs and set-up steps over HTTP, as any world user."""

    def __init__(self, api) -> None:
        self.api = api

    def url(self, org: str, rest: str = "") -> str:
        """The demands API at a world org."""
        return f"/api/v1/orgs/{self.api.org(org)}/demands{rest}"

    async def enable(
        self, org: str, as_: str = "root", enabled: bool = True, config: dict | None = None
    ) -> None:
        """Switch the module on (or off) at a world org."""
        body: dict = {"enabled": enabled}
        if config is not None:
            body["config"] = config
        r = await self.api.put(
            f"/api/v1/orgs/{self.api.org(org)}/modules/demands", as_=as_, json=body
        )
        assert r.status_code == 200, r.text

    async def post(self, org: str, rest: str, as_: str, body: dict, status: int = 200) -> dict:
        """POST a body and expect ``status``."""
        r = await self.api.post(self.url(org, rest), as_=as_, json=body)
        assert r.status_code == status, r.text
        return r.json()

    async def get(self, org: str, rest: str, as_: str, **params):
        """GET and expect 200."""
        r = await self.api.get(self.url(org, rest), as_=as_, params=params)
        assert r.status_code == 200, r.text
        return r.json()

    async def new(self, org: str = "A", as_: str = "wA", **body) -> dict:
        """Take a demand in (defaults: hotline, living, some content)."""
        payload = {"channel": "hotline", "category": "living", "content": "楼道灯坏了", **body}
        return await self.post(org, "/demands", as_, payload, status=201)

    async def messages(self, demand_id: int) -> list:
        """What the outbox holds for one demand (read with the services, unscoped on purpose)."""
        from sqlalchemy import select

        from core.db import Database
        from core.notify.models import Notification
        from tenants.scoping import unscoped

        db = Database(self.api.settings.effective_database_url)
        try:
            async with db.session() as session:
                async with unscoped(session, "test reads the outbox"):
                    stmt = (
                        select(Notification)
                        .where(Notification.source == "demands", Notification.ref == str(demand_id))
                        .order_by(Notification.id)
                    )
                    return list((await session.execute(stmt)).scalars())
        finally:
            await db.dispose()


@pytest.fixture
async def app(settings, world):
    """The app without in-process job workers: the tests run the jobs themselves, and on SQLite
    a delivery run in a worker thread would race a job body writing from the test."""
    import dataclasses

    from core.app import create_app

    return create_app(dataclasses.replace(settings, worker_in_process=False))


@pytest.fixture
def demands(api) -> Demands:
    """The demands helper over the running app."""
    return Demands(api)


@pytest.fixture
async def run_jobs(api):
    """Job bodies run here, in the test's loop: a fresh job engine for this test's database.

    The job runtime caches one engine per event loop and the tests share a loop, so dispose
    it before (it may point at an earlier test's database) and after (it holds connections).
    """
    from core.jobs import dispose_job_databases

    await dispose_job_databases()
    yield
    await dispose_job_databases()
