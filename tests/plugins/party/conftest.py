"""Fixtures of the party tests: the module on at A and B, units U (registered by street s1) and V
(by community B) with their accounts, and persons living in A and B."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from shequ_testing import add_register_rows

from core.people.models import Person, Unit


@dataclass
class PartyWorld:
    """Ids of the party fixtures."""

    unit_u: int
    unit_v: int
    person_a: int
    person_a2: int
    person_b: int


class Party:
    """Party URLs and set-up steps over HTTP."""

    def __init__(self, api, ids: PartyWorld) -> None:
        self.api = api
        self.ids = ids

    def url(self, org: str, rest: str = "") -> str:
        """The community-side API at a world org."""
        return f"/api/v1/orgs/{self.api.org(org)}/party{rest}"

    def unit_url(self, unit_id: int, rest: str = "") -> str:
        """The unit-side API of a unit."""
        return f"/api/v1/units/{unit_id}/party{rest}"

    async def enable(
        self, org: str, enabled: bool = True, as_: str = "root", config: dict | None = None
    ) -> None:
        """Switch the module on or off at a world org."""
        body: dict = {"enabled": enabled}
        if config is not None:
            body["config"] = config
        r = await self.api.put(
            f"/api/v1/orgs/{self.api.org(org)}/modules/party", as_=as_, json=body
        )
        assert r.status_code == 200, r.text

    async def post(self, url: str, as_: str, body: dict, status: int = 201):
        """POST and expect ``status``."""
        r = await self.api.post(url, as_=as_, json=body)
        assert r.status_code == status, r.text
        return r.json()

    async def get(self, url: str, as_: str, status: int = 200, **params):
        """GET and expect ``status``."""
        r = await self.api.get(url, as_=as_, params=params)
        assert r.status_code == status, r.text
        return r.json()

    async def member(
        self,
        org: str = "A",
        person: int | None = None,
        unit: int | None = None,
        confirm: bool = True,
    ) -> dict:
        """Report a person in (default: person_a working for U) and confirm it."""
        body = {
            "person_id": person or self.ids.person_a,
            "unit_id": unit or self.ids.unit_u,
            "position": "科员",
            "skills": "法律",
            "interests": "调解",
        }
        sec = "secA" if org == "A" else "secB"
        member = await self.post(self.url(org, "/members"), sec, body)
        if confirm:
            member = await self.post(
                self.url(org, f"/members/{member['id']}/confirm"), sec, {}, status=200
            )
        return member


async def _unit_account(api, org: str, unit_id: int, username: str, as_: str) -> None:
    r = await api.post(
        f"/api/v1/orgs/{api.org(org)}/partner-grants",
        as_=as_,
        json={
            "unit_id": unit_id,
            "role": "unit_party_admin",
            "username": username,
            "password": "password-123",
        },
    )
    assert r.status_code == 201, r.text
    api.world.users[username] = r.json()["user_id"]


@pytest.fixture
async def party(api) -> Party:
    """The module on at A and B, two units with accounts ``uacc`` and ``vacc``, three persons."""
    s = api.settings
    ids = PartyWorld(
        unit_u=await add_register_rows(s, api.org("s1"), Unit, name="区税务局"),
        unit_v=await add_register_rows(s, api.org("B"), Unit, name="市第一医院"),
        person_a=await add_register_rows(s, api.org("A1"), Person, name="张三丰"),
        person_a2=await add_register_rows(s, api.org("A"), Person, name="李四光"),
        person_b=await add_register_rows(s, api.org("B1"), Person, name="王五"),
    )
    await _unit_account(api, "s1", ids.unit_u, "uacc", "sa1")
    await _unit_account(api, "B", ids.unit_v, "vacc", "secB")
    helper = Party(api, ids)
    await helper.enable("A", as_="secA")
    await helper.enable("B", as_="secB")
    return helper
