"""The territory tree: browse, search by name or code, create, rename and move nodes."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.errors import N_, DomainError, Forbidden, Invalid
from core.web import csrf
from core.web.i18n import gettext as _
from core.web.i18n import localized
from core.web.labels import level_label
from core.web.render import back, page
from tenants.models import LEVELS, OrgUnit
from tenants.orgs.actions import move_org, rename_org
from tenants.orgs.services import OrgService

Form = Body(media_type=RequestEncodingType.URL_ENCODED)
OBJ = "core:org"
SHOWN_DEPTH = 2


@get("/orgs/{org_id:int}/tree")
async def tree(request: Request, ctx: RequestContext, org_id: int, q: str = "") -> Template:
    """The subtree as an indented list, or the search results for ``q``."""
    org = await ctx.enter_org(org_id, OBJ, "read")
    service = OrgService(ctx.session)
    q = q.strip()[:100]
    # Two levels at a time keeps a city's page small (its grids would be thousands of rows and
    # every row carries a move form); open a node to see further down, or search.
    near = await service.subtree(org, SHOWN_DEPTH)
    nodes = await service.search(org, q) if q else near
    rows = [
        {
            "node": n,
            "indent": n.depth - org.depth,
            "level": level_label(n.level),
            "child_level": LEVELS[n.depth + 1] if n.depth + 1 < len(LEVELS) else None,
        }
        for n in nodes
    ]
    parents = [n for n in near if n.depth < len(LEVELS) - 1]
    can_update = ctx.can(org, OBJ, "update")
    return await page(
        request,
        "tree.html",
        ctx,
        org,
        rows=rows,
        q=q,
        deeper=not q
        and any(n.depth == org.depth + SHOWN_DEPTH and n.depth < len(LEVELS) - 1 for n in near),
        parents=parents,
        can_create=ctx.can(org, OBJ, "create"),
        can_update=can_update,
        move_options=await _move_options(service, org, nodes) if can_update else {},
        level_label=level_label,
    )


async def _move_options(
    service: OrgService, org: OrgUnit, nodes: list[OrgUnit]
) -> dict[int, list[OrgUnit]]:
    """For each node, the parents it may move to: its parent's siblings inside this subtree.

    That is the everyday move (a grid to the next community); offering every node of the right
    level would put thousands of options on a city's page. Farther moves start higher up.
    """
    cousins: dict[int | None, list[OrgUnit]] = {}
    options: dict[int, list[OrgUnit]] = {}
    for node in nodes:
        if node.id == org.id or node.parent_id is None:
            continue
        parent = await service.get(node.parent_id)
        key = parent.parent_id
        if key not in cousins:
            if key is None or not (await service.get(key)).path.startswith(org.path):
                cousins[key] = [parent]
            else:
                cousins[key] = await service.children(await service.get(key))
        options[node.id] = cousins[key]
    return options


async def _fail(ctx: RequestContext, url: str, exc: DomainError) -> Redirect:
    await ctx.session.rollback()
    return back(url, "error", _("Not saved: %(reason)s") % {"reason": localized(exc)})


@post("/orgs/{org_id:int}/tree/create")
async def create_node(
    request: Request, ctx: RequestContext, org_id: int, data: Annotated[dict[str, str], Form]
) -> Redirect:
    """Create a node one level below the chosen parent."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    url = f"/orgs/{org_id}/tree"
    await ctx.enter_org(org_id, OBJ, "read")
    try:
        parent = await ctx.get_org(int(data.get("parent_id") or org_id))
        await ctx.require(parent, OBJ, "create")
        if not parent.path.startswith((await ctx.get_org(org_id)).path) or parent.depth + 1 >= len(
            LEVELS
        ):
            raise Invalid(
                N_("Choose a parent in this subtree that may have children."), field="parent_id"
            )
        name, code = (data.get("name") or "").strip()[:100], (data.get("code") or "").strip()[:32]
        if not name or not code:
            raise Invalid(N_("Name and code are required."), field="name")
        node = await OrgService(ctx.session).create(parent, LEVELS[parent.depth + 1], name, code)
        await ctx.audit(
            "org.create", parent, "org", str(node.id), {"name": node.name, "code": node.code}
        )
    except DomainError as exc:
        return await _fail(ctx, url, exc)
    return back(url, "ok", _("Created %(name)s.") % {"name": node.name})


@post("/orgs/{org_id:int}/tree/{node_id:int}/rename")
async def rename_node(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    node_id: int,
    data: Annotated[dict[str, str], Form],
) -> Redirect:
    """Rename a node in this subtree."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    url = f"/orgs/{org_id}/tree"
    org = await ctx.enter_org(org_id, OBJ, "read")
    node = await ctx.get_org(node_id)
    if not node.path.startswith(org.path):
        raise Forbidden(N_("outside this subtree"))
    name = (data.get("name") or "").strip()[:100]
    if not name:
        return await _fail(ctx, url, Invalid(N_("Name and code are required."), field="name"))
    await rename_org(ctx, node, name)
    return back(url, "ok", _("Renamed to %(name)s.") % {"name": name})


@post("/orgs/{org_id:int}/tree/{node_id:int}/move")
async def move_node(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    node_id: int,
    data: Annotated[dict[str, str], Form],
) -> Redirect:
    """Move a node under another parent; needs the right at the old and the new parent."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    url = f"/orgs/{org_id}/tree"
    org = await ctx.enter_org(org_id, OBJ, "read")
    node = await ctx.get_org(node_id)
    if node.parent_id is None or not node.path.startswith(org.path):
        raise Forbidden(N_("cannot move this node"))
    try:
        new_parent = await ctx.get_org(int(data.get("parent_id") or 0))
    except ValueError:
        return await _fail(ctx, url, Invalid(N_("Choose a new parent."), field="parent_id"))
    try:
        node = await move_org(ctx, node, new_parent)
    except DomainError as exc:
        return await _fail(ctx, url, exc)
    return back(url, "ok", _("Moved %(name)s.") % {"name": node.name})
