"""``shequ plugins new NAME``: write a separate, installable plugin package from templates."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

TEMPLATE_DIR = Path(__file__).resolve().parent / "template"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class ScaffoldError(RuntimeError):
    """The plugin cannot be created (bad name, folder exists)."""


def _values(plugin_id: str) -> dict[str, str]:
    return {
        "id": plugin_id,
        "pkg": f"shequ_{plugin_id}",
        "dist": f"shequ-{plugin_id.replace('_', '-')}",
        "Name": "".join(part.capitalize() for part in plugin_id.split("_")),
    }


def create_plugin(plugin_id: str, dest: Path) -> Path:
    """Create ``dest/shequ-<id>/`` with a working plugin package; returns the folder."""
    if not _NAME_RE.match(plugin_id):
        raise ScaffoldError(f"plugin name {plugin_id!r} must match [a-z][a-z0-9_]* (it is also a URL segment)")
    values = _values(plugin_id)
    root = Path(dest) / values["dist"]
    if root.exists():
        raise ScaffoldError(f"{root} already exists")
    for source in sorted(TEMPLATE_DIR.rglob("*.tmpl")):
        relative = str(source.relative_to(TEMPLATE_DIR))[: -len(".tmpl")]
        relative = relative.replace("__pkg__", values["pkg"]).replace("__id__", plugin_id)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(source.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
    return root
