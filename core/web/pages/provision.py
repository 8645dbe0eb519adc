"""Provisioning from an uploaded YAML or XLSX file: a preview with row errors, then confirm.

The preview runs the kernel's provisioning in a side session that is rolled back (the API's
dry-run path); confirm sends the same signed document back and writes it for real. Documents
run inline in the request: a city of a few thousand nodes takes seconds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.errors import DomainError
from core.web import csrf
from core.web.i18n import gettext as _
from core.web.labels import level_label
from core.web.render import back, page
from tenants.provisioning._parse import ProvisionDocumentError, parse_document
from tenants.provisioning.services import provision
from tenants.scoping import set_scope

OBJ = "core:org"
MAX_BYTES = 2 * 1024 * 1024


def _sign(secret: str, org_id: int, blob: str, filename: str) -> str:
    return hmac.new(
        secret.encode(), f"provision|{org_id}|{filename}|{blob}".encode(), hashlib.sha256
    ).hexdigest()


def _known_modules(ctx: RequestContext) -> set[str] | None:
    plugins = getattr(ctx.state, "plugin_ids", None)
    return set(plugins) if plugins is not None else None


@get("/orgs/{org_id:int}/provision")
async def provision_form(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The upload form."""
    org = await ctx.enter_org(org_id, OBJ, "create")
    return await page(request, "provision.html", ctx, org, preview=None, errors=[])


@post("/orgs/{org_id:int}/provision/preview")
async def provision_preview(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Parse the upload and show what would be created, or every bad row; nothing is written."""
    form = await request.form()
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    org = await ctx.enter_org(org_id, OBJ, "create")
    upload = form.get("file")
    errors: list[dict[str, str]] = []
    if upload is None or isinstance(upload, str):
        errors.append({"ref": "", "field": "file", "message": _("Choose a YAML or XLSX file.")})
        return await page(
            request, "provision.html", ctx, org, preview=None, errors=errors, status_code=422
        )
    data = await upload.read()
    filename = (upload.filename or "upload.yaml")[-100:]
    if len(data) > MAX_BYTES:
        errors.append({"ref": "", "field": "file", "message": _("The file is larger than 2 MB.")})
        return await page(
            request, "provision.html", ctx, org, preview=None, errors=errors, status_code=422
        )
    try:
        nodes = parse_document(data, None, filename)
        async with ctx.state.db.session() as side:
            set_scope(side, org.path)
            side_target = await side.get(type(org), org.id)
            result = await provision(
                side, side_target, nodes, actor_id=ctx.user.id, known_modules=_known_modules(ctx)
            )
            await side.rollback()
    except ProvisionDocumentError as exc:
        errors = [{"ref": e.ref, "field": e.field or "", "message": e.message} for e in exc.errors]
        return await page(
            request, "provision.html", ctx, org, preview=None, errors=errors, status_code=422
        )
    except DomainError as exc:
        errors = [{"ref": "", "field": exc.field or "", "message": exc.detail}]
        return await page(
            request, "provision.html", ctx, org, preview=None, errors=errors, status_code=422
        )
    by_ref = {n.ref: n for n in nodes}
    rows = [
        {
            "ref": r.get("ref", ""),
            "level": level_label(by_ref[r["ref"]].level) if r.get("ref") in by_ref else "",
            "name": by_ref[r["ref"]].name if r.get("ref") in by_ref else "",
            "code": r.get("code", ""),
            "new": r.get("status") == "created",
            "admins": ", ".join(a.username for a in by_ref[r["ref"]].admins)
            if r.get("ref") in by_ref
            else "",
            "modules": ", ".join(by_ref[r["ref"]].modules) if r.get("ref") in by_ref else "",
        }
        for r in result.nodes
    ]
    blob = base64.b64encode(data).decode()
    signature = _sign(ctx.state.settings.secret_key, org.id, blob, filename)
    return await page(
        request,
        "provision.html",
        ctx,
        org,
        errors=[],
        preview=result,
        rows=rows,
        blob=blob,
        filename=filename,
        signature=signature,
    )


@post("/orgs/{org_id:int}/provision/confirm")
async def provision_confirm(request: Request, ctx: RequestContext, org_id: int) -> Redirect:
    """Write the previewed document (all or nothing) and show the tree."""
    form = await request.form()
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    org = await ctx.enter_org(org_id, OBJ, "create")
    blob, filename = str(form.get("blob", "")), str(form.get("filename", ""))
    expected = _sign(ctx.state.settings.secret_key, org.id, blob, filename)
    if not hmac.compare_digest(expected, str(form.get("signature", ""))):
        return back(
            f"/orgs/{org_id}/provision", "error", _("The preview expired; upload the file again.")
        )
    try:
        nodes = parse_document(base64.b64decode(blob), None, filename)
        result = await provision(
            ctx.session, org, nodes, actor_id=ctx.user.id, known_modules=_known_modules(ctx)
        )
    except (ProvisionDocumentError, DomainError):
        await ctx.session.rollback()
        return back(
            f"/orgs/{org_id}/provision",
            "error",
            _("The document no longer applies; upload it again."),
        )
    await ctx.audit("org.provision", org, "org", str(org.id), {"created": result.created})
    if result.new_links:
        ctx.after_commit.append(ctx.authz.paths_changed)
    total = sum(result.created.values())
    return back(
        f"/orgs/{org_id}/tree", "ok", _("Provisioning done: %(count)s created.") % {"count": total}
    )
