"""HTTP route that provisions a subtree from an uploaded document."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
from litestar import Controller, Request, post

from core.context import RequestContext
from core.errors import N_, Invalid, message_of
from core.jobs.run_controllers import RunRead, run_read
from core.jobs.tracked import start_run
from tenants.provisioning._parse import parse_document
from tenants.provisioning._spec import MAX_DOCUMENT_BYTES, ProvisionDocumentError
from tenants.provisioning.jobs import provision_job
from tenants.provisioning.services import ProvisionResult, provision
from tenants.scoping import set_scope

_FORMATS = {
    "application/json": "json",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


class ProvisionRead(msgspec.Struct):
    """The outcome of a provisioning run."""

    changed: bool
    message: str
    dry_run: bool
    created: dict[str, int]
    existing: dict[str, int]
    nodes: list[dict[str, str]]


def result_read(result: ProvisionResult, dry_run: bool) -> ProvisionRead:
    """Serialise a ProvisionResult."""
    return ProvisionRead(
        result.changed, result.message, dry_run, result.created, result.existing, result.nodes
    )


def document_errors(exc: ProvisionDocumentError) -> Invalid:
    """A 422 that lists every bad row."""
    rows: list[dict[str, Any]] = [
        {"ref": e.ref, "field": e.field, "message": e.message} for e in exc.errors
    ]
    first = exc.errors[0]
    params = {"count": len(rows), "ref": first.ref, "problem": message_of(first)}
    if first.field:
        msgid = N_("the document has {count} error(s); nothing was created. "
                   "First: {ref}, field '{field}': {problem}")
    else:
        msgid = N_("the document has {count} error(s); nothing was created. First: {ref}: {problem}")
    return Invalid(msgid, field=first.field, params=params, extra=rows)


async def read_upload(request: Request) -> tuple[bytes, str | None, str | None]:
    """The document bytes, its format hint and file name, from a raw body or a form upload."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid(N_("upload the document in the form field '{field}'"), field="file")
        return await upload.read(), None, upload.filename
    return await request.body(), _FORMATS.get(content_type), None


class ProvisionController(Controller):
    """Create a subtree (streets, communities, grids, admins, modules) from one document."""

    path = "/orgs/{org_id:int}/provision"
    tags = ["orgs"]

    @post("/", operation_id="ProvisionOrgs", status_code=200)
    async def provision(
        self, ctx: RequestContext, request: Request, org_id: int, dry_run: bool = False
    ) -> ProvisionRead:
        """Apply a JSON, YAML or XLSX document under this org, all or nothing; again = no change."""
        target = await ctx.enter_org(org_id, "core:org", "create")
        data, fmt, filename = await read_upload(request)
        known = (
            set(request.app.state.plugin_ids) if hasattr(request.app.state, "plugin_ids") else None
        )
        try:
            # Parsing a 5 MB document (an XLSX above all) takes seconds: not on the event loop.
            nodes = await asyncio.to_thread(parse_document, data, fmt, filename)
            if dry_run:
                async with ctx.state.db.session() as side:
                    set_scope(side, target.path)
                    side_target = await side.get(type(target), target.id)
                    result = await provision(
                        side, side_target, nodes, actor_id=ctx.user.id, known_modules=known
                    )
                    await side.rollback()
                return result_read(result, True)
            result = await provision(
                ctx.session, target, nodes, actor_id=ctx.user.id, known_modules=known
            )
        except ProvisionDocumentError as exc:
            raise document_errors(exc) from exc
        await ctx.audit("org.provision", target, "org", str(target.id), {"created": result.created})
        if result.new_links:
            ctx.after_commit.append(ctx.authz.paths_changed)
        return result_read(result, False)

    @post("/jobs", operation_id="StartProvisioningJob", status_code=202)
    async def provision_in_background(
        self, ctx: RequestContext, request: Request, org_id: int, dry_run: bool = False
    ) -> RunRead:
        """Check or apply a document as a background job (for a whole city); poll the run."""
        target = await ctx.enter_org(org_id, "core:org", "create")
        data, fmt, filename = await read_upload(request)
        return run_read(await start_provisioning(ctx, target, data, filename or "", fmt, dry_run))


async def start_provisioning(ctx: RequestContext, target, data: bytes, filename: str, fmt: str | None,
                             dry_run: bool):
    """Queue a provisioning run of an uploaded document (422 naming ``file`` when unusable)."""
    if not data:
        raise Invalid(N_("the document is empty"), field="file")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise Invalid(N_("the document is larger than {limit} MB"), field="file",
                      params={"limit": MAX_DOCUMENT_BYTES // (1024 * 1024)})
    params = {"dry_run": dry_run, **({"format": fmt} if fmt else {})}
    run = await start_run(ctx, provision_job, target, title=filename or "document", permission=("core:org", "create"),
                          params=params, input_name=filename, input_file=data)
    await ctx.audit("org.provision.start", target, "job_run", str(run.id), {"dry_run": dry_run, "file": filename})
    return run
