"""Helpers of the register's tests: valid resident ID numbers and quick person creation."""

from __future__ import annotations

from core.people.idnumbers import check_digit


def resident_id(birth: str = "19900517", region: str = "370782", seq: str = "123") -> str:
    """A valid 18-character resident ID for ``birth`` (YYYYMMDD)."""
    first = region + birth + seq
    return first + check_digit(first)


async def add_person(api, org: str, as_: str = "secA", **fields):
    """POST a person at a world org and return the response."""
    body = {"name": "张小三", **fields}
    return await api.post(f"/api/v1/orgs/{api.org(org)}/people", as_=as_, json=body)
