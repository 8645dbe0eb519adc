"""The module catalog of an org: effective state, where it is inherited from, switch and configure."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.errors import N_, DomainError, NotFound
from core.web import csrf
from core.web.i18n import gettext as _
from core.web.i18n import localized
from core.web.labels import level_label
from core.web.plugins import catalog, module_service
from core.web.render import back, page

OBJ = "core:module"


def config_fields(schema: dict[str, Any], config: dict[str, Any]) -> list[dict[str, Any]]:
    """Form fields generated from a JSON schema's top-level properties."""
    fields = []
    for name, prop in (schema.get("properties") or {}).items():
        kind = prop.get("type")
        widget = (
            "select"
            if "enum" in prop
            else "checkbox"
            if kind == "boolean"
            else "number"
            if kind in ("integer", "number")
            else "lines"
            if kind == "array"
            else "text"
        )
        value = config.get(name, prop.get("default"))
        if widget == "lines":
            value = "\n".join(str(v) for v in value or [])
        fields.append(
            {
                "name": name,
                "widget": widget,
                "value": value,
                "label": prop.get("title") or name,
                "help": prop.get("description", ""),
                "options": prop.get("enum", []),
                "minimum": prop.get("minimum"),
                "maximum": prop.get("maximum"),
            }
        )
    return fields


def parse_config(schema: dict[str, Any], form: dict[str, Any]) -> dict[str, Any]:
    """Turn posted form fields back into typed config values (the service validates the schema)."""
    out: dict[str, Any] = {}
    for name, prop in (schema.get("properties") or {}).items():
        raw = form.get(f"cfg_{name}")
        kind = prop.get("type")
        if kind == "boolean":
            out[name] = raw == "on"
        elif raw is None or raw == "":
            continue
        elif kind == "integer":
            try:
                out[name] = int(raw)
            except ValueError:
                out[name] = raw  # left for the schema check to name the field
        elif kind == "number":
            try:
                out[name] = float(raw)
            except ValueError:
                out[name] = raw
        elif kind == "array":
            out[name] = [line.strip() for line in str(raw).splitlines() if line.strip()]
        else:
            out[name] = raw
    return out


@get("/orgs/{org_id:int}/modules")
async def modules(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Every installed module with its state here and the form to change it."""
    org = await ctx.enter_org(org_id, OBJ, "read")
    manifests = catalog(ctx.state)
    service = module_service(ctx.session, ctx.state)
    states = {s.plugin: s for s in await service.effective(org)} if service else {}
    rows = []
    for pid, manifest in sorted(manifests.items()):
        state = states.get(pid)
        source = (
            await ctx.session.get(type(org), state.source_org_id)
            if state and state.source_org_id
            else None
        )
        rows.append(
            {
                "id": pid,
                "manifest": manifest,
                "state": state,
                "inherited": source is not None and source.id != org.id,
                "source": source,
                "source_level": level_label(source.level) if source else "",
                "fields": config_fields(
                    manifest.config_schema or {}, state.config if state else {}
                ),
                "may_enable": org.level in manifest.levels or org.level == "city",
            }
        )
    return await page(
        request, "modules.html", ctx, org, rows=rows, can_update=ctx.can(org, OBJ, "update")
    )


@post("/orgs/{org_id:int}/modules/{plugin_id:str}")
async def set_module(
    request: Request, ctx: RequestContext, org_id: int, plugin_id: str
) -> Redirect:
    """Switch a module on or off here and save its configuration."""
    form = dict(await request.form())
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    url = f"/orgs/{org_id}/modules"
    org = await ctx.enter_org(org_id, OBJ, "update")
    manifest = catalog(ctx.state).get(plugin_id)
    service = module_service(ctx.session, ctx.state)
    if manifest is None or service is None:
        raise NotFound(
            N_("no plugin '{plugin}' is installed"), field="plugin", params={"plugin": plugin_id}
        )
    enabled = form.get("enabled") == "on"
    config = parse_config(manifest.config_schema or {}, form)
    try:
        await service.set(org, plugin_id, enabled, config, ctx.user.id)
    except DomainError as exc:
        await ctx.session.rollback()
        return back(url, "error", _("Not saved: %(reason)s") % {"reason": localized(exc)})
    await ctx.audit("module.set", org, "module", plugin_id, {"enabled": enabled, "config": config})
    message = _("Module enabled.") if enabled else _("Module disabled.")
    return back(url, "ok", message)
