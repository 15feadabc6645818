"""The importers' shape, read from the source: formats never import sources, no import
cycle, and no module of recapkit imports another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "recapkit"
IMPORTERS = "recapkit.importers"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(), str(p)) for p in PACKAGE.rglob("*.py")}


def _imported(tree: ast.Module, known: set[str]) -> set[str]:
    """Modules of ours that ``tree`` imports, anywhere in it (lazy imports count)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names} & known
    return found & known


def test_formats_never_import_sources_nor_the_package():
    modules = _modules()
    for name, tree in modules.items():
        if name.startswith(f"{IMPORTERS}.formats"):
            bad = _imported(tree, set(modules)) & {IMPORTERS, f"{IMPORTERS}.sources"}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_importers_have_no_import_cycle():
    modules = _modules()
    ours = {n: t for n, t in modules.items() if n == IMPORTERS or n.startswith(f"{IMPORTERS}.")}
    edges = {n: _imported(t, set(ours)) - {n} for n, t in ours.items()}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = path[path.index(name) :] + [name]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for other in sorted(edges[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(edges):
        visit(name, [])


def _private_uses(name: str, tree: ast.Module) -> list[str]:
    uses = []
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("recapkit"):
            for alias in node.names:
                bound.add(alias.asname or alias.name)
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    uses.append(f"{name}:{node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            bound |= {a.asname or a.name for a in node.names if a.name.startswith("recapkit")}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            uses.append(f"{name}:{node.lineno}: {node.value.id}.{node.attr}")
    return uses


def test_no_module_uses_another_modules_private_names():
    uses = [use for name, tree in _modules().items() for use in _private_uses(name, tree)]
    assert not uses, "\n".join(uses)
