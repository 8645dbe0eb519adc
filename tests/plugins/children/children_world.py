"""The children tests' world: register persons, extra accounts, and an HTTP helper."""

from __future__ import annotations

from datetime import date

from core.localtime import local_today

# Names chosen so that neither they nor their masks (欧**雨, 司**峰 …) occur anywhere else.
KIDS = {
    # key: (name, years old, org)
    "kid1": ("欧阳小雨", 10, "A1"),
    "kid2": ("司马晓峰", 8, "A"),
    "kidB": ("诸葛明月", 9, "B1"),
}
ADULTS = {
    "grandma": ("上官秀兰", 66, "A1"),
    "uncle": ("慕容建国", 40, "A"),
    "stranger": ("皇甫路人", 35, "A"),
    "grandpaB": ("东方长青", 70, "B1"),
}
EXTRA_USERS = {
    # username: (role, org)
    "helperA": ("party_member", "A"),
    "helperA2": ("resident", "A"),
    "dirA": ("children_director", "A"),
}
NOTE = "孩子很想念在深圳打工的妈妈，夜里常哭"  # a note text that must never reach the disk in clear


def born(years: int) -> date:
    """A birth date ``years`` ago (half a year more, so the age is unambiguous)."""
    today = local_today()
    return date(today.year - years - 1, 7 if today.month < 7 else 1, 1)


class Children:
    """Children's URLs and set-up steps over HTTP."""

    def __init__(self, api) -> None:
        self.api = api

    def person(self, key: str) -> int:
        """A fixture person's id."""
        return self.api.world.people[key]

    def url(self, org: str, rest: str = "") -> str:
        """The children API at a world org."""
        return f"/api/v1/orgs/{self.api.org(org)}/children{rest}"

    async def enable(
        self, org: str, as_: str, enabled: bool = True, config: dict | None = None
    ) -> None:
        """Switch the module on (or off) at a world org."""
        body: dict = {"enabled": enabled, **({"config": config} if config else {})}
        r = await self.api.put(
            f"/api/v1/orgs/{self.api.org(org)}/modules/children", as_=as_, json=body
        )
        assert r.status_code == 200, r.text

    async def post(self, org: str, rest: str, as_: str, body: dict, status: int = 201) -> dict:
        """POST a body and expect ``status``."""
        r = await self.api.post(self.url(org, rest), as_=as_, json=body)
        assert r.status_code == status, r.text
        return r.json()

    async def get(self, org: str, rest: str, as_: str, expect: int = 200, **params):
        """GET and expect the HTTP status ``expect``."""
        r = await self.api.get(self.url(org, rest), as_=as_, params=params)
        assert r.status_code == expect, r.text
        return r.json()

    async def setup_home(self) -> dict[str, int]:
        """A running home at A: kid1 (care consent, paired with helperA) and kid2 (no consent)."""
        await self.enable("A", "secA")
        kid1 = await self.post(
            "A",
            "/children",
            "wA",
            {
                "person_id": self.person("kid1"),
                "category": "left_behind",
                "school": "实验小学",
                "class_name": "四年级2班",
                "guardian_person_id": self.person("grandma"),
                "guardian_relation": "祖母",
            },
        )
        kid2 = await self.post(
            "A",
            "/children",
            "wA",
            {
                "person_id": self.person("kid2"),
                "category": "migrant",
                "guardian_person_id": self.person("grandma"),
            },
        )
        await self.post(
            "A",
            f"/children/{kid1['id']}/consents",
            "wA",
            {
                "purpose": "children.care",
                "guardian_name": "上官秀兰",
                "relation": "祖母",
                "guardian_person_id": self.person("grandma"),
                "document": "档案柜A-3",
            },
        )
        pairing = await self.post(
            "A",
            f"/children/{kid1['id']}/pairings",
            "dirA",
            {
                "helper_user_id": self.api.world.users["helperA"],
                "helper_kind": "party_member",
            },
        )
        return {"kid1": kid1["id"], "kid2": kid2["id"], "pairing": pairing["id"]}
