"""``shequ plugins new NAME``: write a separate, installable plugin package from templates.

The package works as generated: a page in the console (linked from the navigation), its JSON
API, a table with its own migration branch, a Chinese translation catalogue (compiled here),
a README, and tests that pass right away with ``python -m pytest`` (the page, a neighbour
refused on every route, silence where the module is off).
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

TEMPLATE_DIR = Path(__file__).resolve().parent / "template"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Titles go into Python, Jinja and .po string literals as they are.
_TITLE_BAD = re.compile(r'["\\$\x00-\x1f{}<>]')


class ScaffoldError(RuntimeError):
    """The plugin cannot be created (bad name or title, id taken, folder exists)."""


def _values(plugin_id: str, title_zh: str, title_en: str) -> dict[str, str]:
    name = "".join(part.capitalize() for part in plugin_id.split("_"))
    return {
        "id": plugin_id,
        "pkg": f"shequ_{plugin_id}",
        "dist": f"shequ-{plugin_id.replace('_', '-')}",
        "Name": name,
        "title_zh": title_zh,
        "title_en": title_en or name,
    }


def _check(plugin_id: str, title_zh: str, title_en: str, taken: set[str]) -> None:
    if not _NAME_RE.match(plugin_id):
        raise ScaffoldError(f"plugin name {plugin_id!r} must match [a-z][a-z0-9_]* (it is also a URL segment)")
    if plugin_id in taken:
        raise ScaffoldError(f"a plugin with the id {plugin_id!r} is already installed; choose another name")
    for label, title in (("--title-zh", title_zh), ("--title-en", title_en)):
        if not title.strip() and label == "--title-zh":
            raise ScaffoldError("the Chinese title (--title-zh) is required: it is what the console shows")
        if len(title) > 40 or _TITLE_BAD.search(title):
            raise ScaffoldError(f"{label} {title!r}: at most 40 characters, without quotes, backslashes, "
                                "braces, angle brackets or $")


def _compile_catalogues(root: Path) -> None:
    """Write the .mo next to each generated .po, so the package's Chinese works before any build."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in root.rglob("translations/*/LC_MESSAGES/messages.po"):
        with po.open("rb") as source:
            catalogue = read_po(source)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalogue)


def create_plugin(plugin_id: str, dest: Path, title_zh: str = "", title_en: str = "",
                  taken: set[str] | None = None) -> Path:
    """Create ``dest/shequ-<id>/`` with a working plugin package; returns the folder.

    ``taken``: ids of installed plugins (the new one must not clash with any of them).
    """
    _check(plugin_id, title_zh, title_en, set(taken or ()))
    values = _values(plugin_id, title_zh.strip(), title_en.strip())
    root = Path(dest) / values["dist"]
    if root.exists():
        raise ScaffoldError(f"{root} already exists")
    for source in sorted(TEMPLATE_DIR.rglob("*.tmpl")):
        relative = str(source.relative_to(TEMPLATE_DIR))[: -len(".tmpl")]
        relative = relative.replace("__pkg__", values["pkg"]).replace("__id__", plugin_id)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(source.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
    _compile_catalogues(root)
    return root
