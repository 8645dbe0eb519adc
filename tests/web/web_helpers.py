"""A console client for tests: logs in and posts forms with the CSRF token read from pages."""

from __future__ import annotations

import re

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')


class Console:
    """Drives the console over HTTP like a browser without JavaScript."""

    def __init__(self, client) -> None:
        self.client = client

    async def token(self, url: str = "/login") -> str:
        """The CSRF token of the form on ``url``."""
        r = await self.client.get(url)
        found = TOKEN.search(r.text)
        assert found, f"no CSRF token on {url}: {r.status_code}"
        return found.group(1)

    async def login(self, username: str, password: str = "password-123"):
        """Post the login form; returns the response (303 on success)."""
        token = await self.token("/login")
        return await self.client.post(
            "/login",
            data={"username": username, "password": password, "_csrf": token, "next": "/"},
            follow_redirects=False,
        )

    async def post_form(self, page: str, action: str, data: dict, **kw):
        """Post ``data`` to ``action`` with the CSRF token taken from ``page``."""
        token = await self.token(page)
        return await self.client.post(
            action, data={**data, "_csrf": token}, follow_redirects=False, **kw
        )

    async def wait_run(self, run_url: str, timeout: float = 30.0) -> str:
        """Reload a job's page (as its meta refresh would) until it finishes; return the page."""
        import asyncio

        for _ in range(int(timeout / 0.1)):
            r = await self.client.get(run_url)
            assert r.status_code == 200, r.text[-500:]
            if 'http-equiv="refresh"' not in r.text:
                return r.text
            await asyncio.sleep(0.1)
        raise AssertionError(f"{run_url} still running after {timeout} s")
