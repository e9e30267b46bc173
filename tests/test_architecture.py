"""The package's shape: no import cycle anywhere inside it (every import counted, also those inside
functions or under TYPE_CHECKING), and imports that point down the pipeline's layers (import-linter,
the contracts in pyproject.toml)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "scripts" / "survey"


def module_name(path: Path, package: Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(package: Path) -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports (`from . import x` resolved to the
    module x when it is one)."""
    modules = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                targets = [f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in modules else stem for alias in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each sorted; [] when acyclic."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_package_has_no_import_cycle():
    graph = imports(PACKAGE)
    assert len(graph) > 30 and graph["survey.pipeline"]  # the walk sees the package and its imports
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle_however_it_is_hidden(tmp_path):
    package = tmp_path / "pkg"
    (package / "site").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "site" / "__init__.py").write_text("")
    (package / "model.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .site import pages\n")
    (package / "site" / "pages.py").write_text("def f():\n    from .. import model\n")
    (package / "alone.py").write_text("import pkg.model\n")
    graph = imports(package)
    assert graph["pkg.site.pages"] == {"pkg.model"} and graph["pkg.alone"] == {"pkg.model"}
    assert cycles(graph) == [["pkg.model", "pkg.site.pages"]]


def test_imports_point_down_the_layers():
    """import-linter's contracts (pyproject.toml): cli > pipeline > site > formats > analysis > inputs >
    model > core, and the Sphinx extension imports nothing of the generator."""
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports")], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 kept, 0 broken" in result.stdout
