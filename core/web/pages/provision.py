"""Provisioning from an uploaded YAML or XLSX file, as background jobs the user watches.

Uploading starts a check (a dry run): the worker runs the kernel's provisioning in a
transaction that is thrown away and the run page shows what would be created, or every bad
row. From a passed check the user applies the same stored document for real. A city of a
few thousand nodes takes a while; the run page shows how far it has got.
"""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.errors import DomainError
from core.web import csrf
from core.web.i18n import gettext as _
from core.web.i18n import localized
from core.web.pages.runs import run_view
from core.web.render import back, page
from core.jobs.runs import visible_runs
from tenants.provisioning.controllers import start_provisioning

OBJ = "core:org"
MAX_BYTES = 2 * 1024 * 1024


async def _form(request: Request, ctx: RequestContext, org, errors: list, status_code: int = 200) -> Template:
    recent = [run_view(r) for r in await visible_runs(ctx, org, limit=10) if r.kind == "core.provision"]
    return await page(request, "provision.html", ctx, org, errors=errors, runs=recent, status_code=status_code)


@get("/orgs/{org_id:int}/provision")
async def provision_form(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The upload form and the recent provisioning runs."""
    org = await ctx.enter_org(org_id, OBJ, "create")
    return await _form(request, ctx, org, [])


@post("/orgs/{org_id:int}/provision/preview")
async def provision_preview(request: Request, ctx: RequestContext, org_id: int) -> Template | Redirect:
    """Store the upload and start checking it; nothing is written to the tree."""
    form = await request.form()
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    org = await ctx.enter_org(org_id, OBJ, "create")
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        errors = [{"ref": "", "field": "file", "message": _("Choose a YAML or XLSX file.")}]
        return await _form(request, ctx, org, errors, 422)
    data = await upload.read()
    if len(data) > MAX_BYTES:
        errors = [{"ref": "", "field": "file", "message": _("The file is larger than 2 MB.")}]
        return await _form(request, ctx, org, errors, 422)
    if not data:
        errors = [{"ref": "", "field": "file", "message": _("The file is empty.")}]
        return await _form(request, ctx, org, errors, 422)
    filename = (upload.filename or "upload.yaml")[-100:]
    try:
        run = await start_provisioning(ctx, org, data, filename, None, dry_run=True)
    except DomainError as exc:
        errors = [{"ref": "", "field": exc.field or "", "message": localized(exc)}]
        return await _form(request, ctx, org, errors, 422)
    return back(f"/orgs/{org_id}/runs/{run.id}")
