"""Malformed and hostile input: 4xx naming the field, and nothing half-written."""

from __future__ import annotations

import pytest

ORGS = "/api/v1/orgs/"


def good(api, **over):
    body = {"parent_id": api.org("s1"), "level": "community", "name": "Fine", "code": "FINE"}
    body.update(over)
    return body


async def _nothing_created(api):
    r = await api.get(f"/api/v1/orgs/{api.org('s1')}/children", as_="root")
    assert sorted(c["name"] for c in r.json()) == ["A-org", "B-org"]


async def test_malformed_json(api):
    r = await api.post(ORGS, as_="sa1", content=b'{"level": "community", ', headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500
    assert r.json()["detail"]
    await _nothing_created(api)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bogus": 1}, "bogus"),
        ({"code": None}, "code"),
        ({"parent_id": "abc"}, "parent_id"),
        ({"name": "x" * 101}, "name"),
        ({"name": ""}, "name"),
        ({"level": "planet"}, "level"),
        ({"code": "has space"}, "code"),
    ],
)
async def test_bad_fields_are_named(api, change, field):
    body = good(api, **change)
    if change.get("code", 1) is None:
        del body["code"]
    r = await api.post(ORGS, as_="sa1", json=body)
    assert r.status_code == 400, r.text
    assert field in r.json()["detail"], r.text
    await _nothing_created(api)


async def test_unknown_and_nonpositive_ids(api):
    for pid in (987654, 0, -1):
        r = await api.post(ORGS, as_="sa1", json=good(api, parent_id=pid))
        assert r.status_code in (400, 404, 422), r.text
        assert "parent_id" in r.json()["detail"], r.text
    for oid in (987654, 0, -3):
        r = await api.get(f"/api/v1/orgs/{oid}", as_="root")
        assert r.status_code in (400, 404), r.text
        assert "org_id" in r.json()["detail"], r.text
    r = await api.post(f"/api/v1/orgs/{api.org('A')}/members/", as_="sa1", json={"user_id": -5, "role": "community_worker"})
    assert r.status_code in (400, 404) and "user_id" in r.json()["detail"]
    r = await api.post(f"/api/v1/orgs/{api.org('A')}/members/", as_="sa1", json={"user_id": "x", "role": "community_worker"})
    assert r.status_code == 400 and "user_id" in r.json()["detail"]
    r = await api.post(f"/api/v1/orgs/{api.org('A')}/members/", as_="sa1", json={"role": "community_worker"})
    assert r.status_code == 400 and "user_id" in r.json()["detail"]
    await _nothing_created(api)


async def test_bad_patch_and_user_bodies(api):
    a = api.org("A")
    r = await api.patch(f"/api/v1/orgs/{a}", as_="sa1", json={"name": "y" * 101})
    assert r.status_code == 400 and "name" in r.json()["detail"]
    r = await api.patch(f"/api/v1/orgs/{a}", as_="sa1", json={"path": "/1/"})
    assert r.status_code == 400 and "path" in r.json()["detail"]
    r = await api.patch(f"/api/v1/orgs/{a}", as_="sa1", json={"name": "Renamed", "parent_id": 987654})
    assert r.status_code == 404 and "parent_id" in r.json()["detail"]
    assert (await api.get(f"/api/v1/orgs/{a}", as_="root")).json()["name"] == "A-org"  # rename rolled back
    for body, field in (({"username": "ab", "password": "password-1"}, "username"),
                        ({"username": "okname", "password": "short"}, "password"),
                        ({"username": "okname", "password": "password-1", "is_platform_admin": True}, "is_platform_admin")):
        r = await api.post("/api/v1/users/", as_="root", json=body)
        assert r.status_code == 400 and field in r.json()["detail"], r.text
    r = await api.get(f"/api/v1/orgs/{a}/tree?depth=9", as_="root")
    assert r.status_code == 400 and "depth" in r.json()["detail"]
    r = await api.get(f"/api/v1/orgs/{a}/audit/?limit=0", as_="root")
    assert r.status_code == 400 and "limit" in r.json()["detail"]


async def test_ids_beyond_the_integer_range(api):
    huge = 99999999999999999999
    r = await api.get(f"/api/v1/orgs/{huge}", as_="root")
    assert r.status_code == 404 and "org_id" in r.json()["detail"]
    r = await api.post(ORGS, as_="root", json=good(api, parent_id=2**40))
    assert r.status_code == 422 and "parent_id" in r.json()["detail"]
    r = await api.post(f"/api/v1/orgs/{api.org('A')}/members/", as_="root", json={"user_id": 2**40, "role": "community_worker"})
    assert r.status_code == 422 and "user_id" in r.json()["detail"]
    r = await api.delete(f"/api/v1/orgs/{api.org('A')}/members/{2**40}", as_="root")
    assert r.status_code == 404 and "membership_id" in r.json()["detail"]
    for param in ("actor_id", "before_id"):
        r = await api.get(f"/api/v1/orgs/{api.org('A')}/audit/?{param}={2**40}", as_="root")
        assert r.status_code == 422 and param in r.json()["detail"]
    await _nothing_created(api)
