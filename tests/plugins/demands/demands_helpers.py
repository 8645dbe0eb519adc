"""Helpers of the demands tests that test modules import by name (conftest names collide)."""

from __future__ import annotations

import re


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="_csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


async def login(api, username: str) -> None:
    """Sign the test client in to the console as a world user (cookie session)."""
    page = await api.client.get("/login")
    r = await api.client.post(
        "/login",
        data={
            "username": username,
            "password": "password-123",
            "_csrf": csrf_of(page.text),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
