"""Hostile input at the edge (core/edge.py): 4xx naming the field on every route, never a 500."""

from __future__ import annotations

import re

LOGIN = "/api/v1/auth/login"
JSON = {"content-type": "application/json"}


async def _patrol_on(api) -> int:
    a = api.org("A")
    r = await api.put(f"/api/v1/orgs/{a}/modules/patrol", as_="root", json={"enabled": True})
    assert r.status_code == 200, r.text
    return a


async def test_nul_and_encodings_at_the_unauthenticated_login(api):
    r = await api.post(
        LOGIN, content=b'{"username": "se\\u0000cA", "password": "password-123"}', headers=JSON
    )
    assert r.status_code == 422 and r.json()["detail"] == "username contains a NUL character", (
        r.text
    )
    r = await api.post(LOGIN, content=b'{"username": "\xff\xfe", "password": "x"}', headers=JSON)
    assert r.status_code == 400 and "not valid UTF-8" in r.json()["detail"]
    r = await api.post(LOGIN, content=b'{"username": "a\\ud800", "password": "x"}', headers=JSON)
    assert r.status_code == 400
    r = await api.post(LOGIN, content=b"[" * 200_000 + b"]" * 200_000, headers=JSON)
    assert r.status_code == 400 and "nested deeper" in r.json()["detail"]
    r = await api.post(
        LOGIN, content=b'{"username": "secA", "password": "password-123"}', headers=JSON
    )
    assert r.status_code == 200  # the edge passes ordinary input through untouched


async def test_ids_past_32_bits_in_plugin_and_core_paths(api):
    a = await _patrol_on(api)
    huge = 2**40
    for url in (
        f"/api/v1/orgs/{huge}/patrol/teams",
        f"/api/v1/orgs/{a}/patrol/reports/{huge}",
        f"/api/v1/orgs/{huge}/members",
        f"/api/v1/orgs/{a}/runs/{huge}",
    ):
        r = await api.get(url, as_="root")
        assert r.status_code == 404, (url, r.text)
        assert re.search(r"^\w+_id: 1099511627776 not found$", r.json()["detail"]), r.text
    r = await api.post(
        f"/api/v1/orgs/{a}/patrol/members",
        as_="root",
        json={"name": "x", "kind": "resident", "user_id": huge},
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("user_id is out of range")


async def test_nul_in_query_path_and_nested_body_fields(api):
    a = await _patrol_on(api)
    r = await api.get(f"/api/v1/orgs/{a}/search?q=a%00b", as_="secA")
    assert r.status_code == 422 and r.json()["detail"] == "q contains a NUL character"
    r = await api.get(f"/api/v1/orgs/{a}/search?q=%ff", as_="secA")
    assert r.status_code == 400 and "query string is not valid UTF-8" in r.json()["detail"]
    r = await api.put(f"/api/v1/orgs/{a}/modules/pa%00trol", as_="root", json={"enabled": True})
    assert r.status_code == 422 and r.json()["detail"] == "plugin contains a NUL character"
    r = await api.post(
        f"/api/v1/orgs/{a}/patrol/members",
        as_="secA",
        json={"name": "刘\u0000八", "kind": "resident"},
    )
    assert r.status_code == 422 and r.json()["detail"] == "name contains a NUL character"
    body = {
        "nodes": [
            {"level": "grid", "name": "ok", "code": "G1", "admins": [{"username": "x\u0000"}]}
        ]
    }
    r = await api.post(f"/api/v1/orgs/{a}/provision", as_="root", json=body)
    assert (
        r.status_code == 422
        and r.json()["detail"] == "nodes[0].admins[0].username contains a NUL character"
    )


async def test_malformed_multipart_uploads(api):
    a = await _patrol_on(api)
    url = f"/api/v1/orgs/{a}/patrol/reports/1/photos"
    form = {"content-type": "multipart/form-data; boundary=xx"}
    no_file = b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--xx--\r\n'
    r = await api.post(url, as_="secA", content=no_file, headers=form)
    assert (
        r.status_code == 400 and r.json()["detail"] == "data: the multipart body has no file part"
    )
    many = b"".join(
        b'--xx\r\nContent-Disposition: form-data; name="a%d"\r\n\r\nb\r\n' % i for i in range(200)
    )
    r = await api.post(url, as_="secA", content=many + b"--xx--\r\n", headers=form)
    assert r.status_code == 400 and "more than 64 parts" in r.json()["detail"]
    r = await api.post(url, as_="secA", content=b"--xx\r\ngarbage", headers=form)
    assert r.status_code == 400
    r = await api.post(url, as_="secA", content=b"x" * 11_000_000, headers=form)
    assert r.status_code == 413  # over the request body limit, before any parsing
    bad_field = b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\n\xff\r\n--xx--\r\n'
    r = await api.post(url, as_="secA", content=bad_field, headers=form)
    assert r.status_code == 400 and "not valid UTF-8" in r.json()["detail"]


async def test_a_500_is_logged_with_traceback_and_request_id(api, monkeypatch, capsys):
    import core.users.controllers as users

    async def broken(*_a, **_kw):
        raise RuntimeError("boom in a handler")

    monkeypatch.setattr(users, "assignments_of", broken)
    r = await api.get("/api/v1/me", as_="secA", headers={"x-request-id": "req-edge-500"})
    assert r.status_code == 500
    assert r.json() == {
        "status_code": 500,
        "detail": "Internal Server Error",
        "extra": {"request_id": "req-edge-500"},
    }
    assert r.headers["x-request-id"] == "req-edge-500"
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "unhandled_error" in line)
    assert "req-edge-500" in line and "/api/v1/me" in line
    assert "Traceback (most recent call last)" in out and "RuntimeError: boom in a handler" in out


async def test_a_500_in_production_logs_one_json_line_with_the_traceback(
    settings, world, monkeypatch, capsys
):
    import dataclasses
    import json

    from litestar.testing import AsyncTestClient

    import core.users.controllers as users
    from core.app import create_app
    from core.auth.tokens import issue_token
    from core.observability import configure_logging
    from shequ_testing import SECRET

    async def broken(*_a, **_kw):
        raise RuntimeError("boom in production")

    monkeypatch.setattr(users, "assignments_of", broken)
    token = issue_token(SECRET, world.users["secA"], "secA", 60)[0]
    try:
        async with AsyncTestClient(
            app=create_app(dataclasses.replace(settings, json_logs=True))
        ) as client:
            r = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 500
        request_id = r.json()["extra"]["request_id"]
        lines = [
            json.loads(line)
            for line in capsys.readouterr().out.splitlines()
            if '"unhandled_error"' in line
        ]
        assert (
            len(lines) == 1
            and lines[0]["request_id"] == request_id
            and lines[0]["level"] == "error"
        )
        assert (
            "Traceback" in lines[0]["exception"]
            and "RuntimeError: boom in production" in lines[0]["exception"]
        )
    finally:
        configure_logging(False)


async def test_options_requests_pass_the_edge(api):
    # Litestar answers OPTIONS with handlers of its own, which the edge must inspect as well
    # (they take no weak reference: a cache keyed weakly once turned every OPTIONS into a 500).
    for url, method in (("/api/v1/auth/login", "POST"),
                        (f"/api/v1/orgs/{api.org('A')}/audit/?actor_id=1", "GET")):
        r = await api.request("OPTIONS", url, as_="root")
        assert r.status_code == 204 and method in r.headers.get("allow", ""), (url, r.status_code)
