"""Isolation checks every plugin needs: a neighbour reaches none of a community's routes, and a
community that has not switched the module on hears nothing from it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.testing._world import _CSRF, Api

_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class RouteCall:
    """One method of one route of a plugin, with its path parameters filled in."""

    method: str
    template: str
    url: str
    page: bool


def plugin_routes(app, plugin_id: str, org_id: int) -> list[RouteCall]:
    """Every API route and console page of ``plugin_id`` mounted in ``app``, aimed at ``org_id``
    (other path parameters get 1: the guard must refuse before any row is looked up)."""
    prefixes = (f"/api/v1/orgs/{{org_id:int}}/{plugin_id}", f"/orgs/{{org_id:int}}/{plugin_id}")
    calls = []
    for route in app.routes:
        path = route.path
        if not any(path == p or path.startswith(p + "/") for p in prefixes):
            continue
        url = _PARAM.sub(lambda m: str(org_id) if m.group(1) == "org_id" else "1", path)
        for method in sorted(getattr(route, "methods", ()) - {"HEAD", "OPTIONS"}):
            calls.append(RouteCall(method, path, url, page=not path.startswith("/api/")))
    return calls


async def assert_neighbour_refused(api: Api, plugin_id: str, owner: str = "A", neighbour: str = "secB") -> int:
    """Call every route of ``plugin_id`` at world org ``owner`` as ``neighbour`` (by default the
    secretary of community B): each answer must be a refusal (403 or 404; a write may also be
    refused for its body, 400/422, but never succeed). Returns how many calls were made.

    Switch the module on at ``owner`` first, so the refusal comes from the neighbour's rights,
    not from the module being off. Pages are called with the neighbour's console session.
    """
    from litestar import Litestar

    app: Litestar = api.client.app
    calls = plugin_routes(app, plugin_id, api.org(owner))
    assert calls, f"plugin {plugin_id!r} mounts no routes or pages"
    problems = []
    for call in [c for c in calls if not c.page]:
        r = await api.request(call.method, call.url, as_=neighbour, json={})
        allowed = {403, 404} | ({400, 405, 415, 422} if call.method in WRITE_METHODS else set())
        if r.status_code not in allowed:
            problems.append(f"{call.method} {call.url}: {r.status_code} {r.text[:120]}")
    pages = [c for c in calls if c.page]
    if pages:
        await api.login_console(neighbour)
        try:
            # A valid CSRF token of the neighbour's own session, so a refused post proves the
            # rights check and not merely the token check.
            home = await api.client.get("/", follow_redirects=True)
            token = _CSRF.search(home.text)
            form = {"_csrf": token.group(1)} if token else {}
            for call in pages:
                r = await api.client.request(call.method, call.url, data=form, follow_redirects=False)
                allowed = {403, 404} | ({400, 422} if call.method in WRITE_METHODS else set())
                if r.status_code not in allowed:
                    problems.append(f"{call.method} {call.url} (page): {r.status_code}")
        finally:
            api.client.cookies.clear()
    assert problems == [], f"{neighbour} reached routes of {plugin_id} at {owner}:\n" + "\n".join(problems)
    return len(calls)


async def assert_silent_where_off(api: Api, plugin_id: str, org: str = "D", as_: str = "root") -> None:
    """Where the module is off, its API answers 404 naming the module and the console shows no
    link, card or attention line of it."""
    calls = [c for c in plugin_routes(api.client.app, plugin_id, api.org(org)) if not c.page and c.method == "GET"]
    for call in calls:
        r = await api.get(call.url, as_=as_)
        assert r.status_code == 404 and plugin_id in r.text, f"{call.url}: {r.status_code} {r.text[:200]}"
    await api.login_console(as_)
    try:
        r = await api.client.get(f"/orgs/{api.org(org)}/")
        assert r.status_code == 200, r.text[:300]
        assert f'data-nav="{plugin_id}' not in r.text, f"{plugin_id} links from the console where it is off"
        assert f'data-item="{plugin_id}.' not in r.text, f"{plugin_id} asks for attention where it is off"
    finally:
        api.client.cookies.clear()
