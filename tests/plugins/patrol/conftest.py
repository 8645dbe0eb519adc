"""Fixtures of the patrol tests: a helper that switches the module on and knows its URLs."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.localtime import LOCAL_TZ


class Patrol:
    """Patrol URLs and set-up steps over HTTP, as any world user."""

    def __init__(self, api) -> None:
        self.api = api

    def url(self, org: str, rest: str = "") -> str:
        """The patrol API at a world org."""
        return f"/api/v1/orgs/{self.api.org(org)}/patrol{rest}"

    async def enable(
        self, org: str, as_: str, enabled: bool = True, config: dict | None = None
    ) -> dict:
        """Switch the module on (or off) at a world org."""
        body: dict = {"enabled": enabled}
        if config is not None:
            body["config"] = config
        r = await self.api.put(
            f"/api/v1/orgs/{self.api.org(org)}/modules/patrol", as_=as_, json=body
        )
        assert r.status_code == 200, r.text
        return r.json()

    async def post(self, org: str, rest: str, as_: str, body: dict, status: int = 201) -> dict:
        """POST a body and expect ``status``."""
        r = await self.api.post(self.url(org, rest), as_=as_, json=body)
        assert r.status_code == status, r.text
        return r.json()

    async def get(self, org: str, rest: str, as_: str, **params):
        """GET and expect 200."""
        r = await self.api.get(self.url(org, rest), as_=as_, params=params)
        assert r.status_code == 200, r.text
        return r.json()

    async def team(self, org: str, colour: str, as_: str) -> dict:
        """The built-in team of a colour."""
        teams = await self.get(org, "/teams", as_)
        return next(t for t in teams if t["colour"] == colour and t["is_builtin"])


@pytest.fixture
def patrol(api) -> Patrol:
    """The patrol helper over the running app."""
    return Patrol(api)


@pytest.fixture
def now() -> datetime:
    """The current time, aware, to the second, in Beijing time: ``now.date()`` is then the
    local day the figures count by (a UTC date differs from it from 16:00 to 24:00 UTC)."""
    return datetime.now(LOCAL_TZ).replace(microsecond=0)
