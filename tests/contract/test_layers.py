"""Layers read bottom-up: no import circles between the modules of core, tenants, plugins and bench.

Every import counts, the ones inside functions too: a lazy import is still a dependency, and a
circle of them is how a lower layer ends up knowing a higher one. Where a lower layer needs
something from a higher one it asks through a hook or a registry it owns (for example
``core.plugins.set_enablement``, filled by ``tenants.modules``).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "tenants", "plugins", "bench")

# Circles still to untie, each named by its sorted members; the test fails on any other one,
# and on an entry here that no longer exists (so the list only shrinks).
KNOWN: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or "templates" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _targets(module: str, path: Path, node: ast.AST, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        base = module.split(".")
        if path.name != "__init__.py":
            base = base[:-1]
        base = base[: len(base) - node.level + 1]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    return [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in modules else prefix for a in node.names]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(module, path, node, modules):
                    while target and target not in modules:
                        target = target.rpartition(".")[0]
                    # A package importing its own submodules (its public face) is not a circle.
                    if target and target != module and not target.startswith(module + "."):
                        deps.add(target)
        graph[module] = deps
    return graph


def _circles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles():
    circles = _circles(_graph())
    new = [sorted(c) for c in circles - KNOWN]
    assert new == [], f"import circles (untie them; see docs/architecture.md, Layers): {new}"
    gone = [sorted(c) for c in KNOWN - circles]
    assert gone == [], f"these circles are gone: remove them from KNOWN: {gone}"


def test_the_foundation_never_imports_the_layers_above():
    # Foundation modules (settings, db, errors, hookspecs, the plugin manager, workdays, the
    # privacy primitives) must not reach up into tenancy, people, plugins or the shell.
    # (core.plugins._routing is the shell's half of the framework: the app composes plugin
    # routes with it, behind the tenancy layer's module guard.)
    foundation = ("core.settings", "core.db", "core.errors", "core.messages", "core.hookspecs",
                  "core.levels", "core.plugins._manager", "core.plugins._types",
                  "core.plugins._discovery", "core.workdays", "core.localtime",
                  "core.privacy._keys", "core.privacy.types", "core.privacy.masking")
    above = ("tenants", "plugins", "core.people", "core.app", "core.cli", "core.web")
    bad = [f"{m} imports {d}" for m, deps in _graph().items()
           if m.startswith(foundation) for d in deps if d.startswith(above)]
    assert bad == []


def test_the_checker_sees_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}
