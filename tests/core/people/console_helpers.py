"""A browser-like session on the console (login form, CSRF token from the page)."""

from __future__ import annotations

import re

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')


async def login(client, username: str) -> None:
    """Log in through the form."""
    client.cookies.clear()
    token = TOKEN.search((await client.get("/login")).text).group(1)
    r = await client.post(
        "/login",
        data={"username": username, "password": "password-123", "_csrf": token, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


async def token(client, url: str) -> str:
    """The CSRF token of the page at ``url``."""
    return TOKEN.search((await client.get(url)).text).group(1)
