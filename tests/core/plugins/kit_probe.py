"""Run by test_plugin_kit.py in a subprocess (with or without the generated plugin on the path):
drives the app on SHEQU_DATA_DIR's demo city over HTTP and prints what it saw as JSON."""

from __future__ import annotations

import asyncio
import json
import re
import sys

from litestar.testing import AsyncTestClient

from core.app import create_app

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')


async def main(plugin: str) -> dict:
    """Enable ``plugin`` at 城关社区 over HTTP and open its page; read patrol's figures there."""
    seen: dict = {}
    async with AsyncTestClient(app=create_app()) as client:
        r = await client.post("/api/v1/auth/login", json={"username": "secretary", "password": "secretary-demo1"})
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        me = (await client.get("/api/v1/me", headers=headers)).json()
        org = me["roles"][0]["org_id"]
        r = await client.put(f"/api/v1/orgs/{org}/modules/{plugin}", headers=headers, json={"enabled": True})
        seen["enable"] = r.status_code
        page = await client.get("/login")
        await client.post("/login", data={"username": "secretary", "password": "secretary-demo1",
                                          "_csrf": TOKEN.search(page.text).group(1), "next": "/"})
        r = await client.get(f"/orgs/{org}/{plugin}/")
        seen["page"], seen["page_text"] = r.status_code, r.text
        r = await client.get(f"/orgs/{org}/")
        seen["dashboard"] = r.status_code
        seen["nav"] = f'data-nav="{plugin}"' in r.text
        stats = await client.get(f"/api/v1/orgs/{org}/patrol/stats", headers=headers)
        seen["patrol_person_times"] = stats.json().get("person_times") if stats.status_code == 200 else None
    return seen


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1])), ensure_ascii=False))
