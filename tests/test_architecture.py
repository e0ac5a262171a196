"""The shape of the package: layers, no import cycles, one clock.

Every import counts, at module level or inside a function, type-only or not:
an import hidden in a function is still a dependency, and hiding it is how
cycles grew before. Each module of the core sits on a layer; a module may
import only from its own layer or those below. A new module must be given a
layer here, which is the point: its place is decided, not drifted into.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "dashboard"

# Lowest first. The TUI and the CLI are edges: they sit on top.
LAYERS: list[set[str]] = [
    {"errors", "paths", "values"},
    {"ledgers", "clock", "output"},
    {"headers"},
    {"config", "mask", "readers", "store"},
    {"personal"},
    {"validate", "queries", "workdays", "sql_guard"},
    {"areas"},
    {"figures", "agenda", "compare", "ingest", "sample", "sample_writers", "store_write"},
    {"library"},
    {"sources"},
    {"report_text", "bootstrap", "drafting", "brief", "brief_docx"},
    {"tui"},
    {"cli"},
    {"__main__"},
]


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every dashboard module ``path`` imports, anywhere in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("dashboard"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("dashboard"):
                continue
            # `from . import store` names a module; `from .store import X` names store.
            subs = [f"{target}.{a.name}" for a in node.names]
            known = [s for s in subs if _exists(s)]
            found.update(known or [target])
    return {m for m in found if m != name}


def _exists(module: str) -> bool:
    rel = Path(*module.split("."))
    return (ROOT / rel).with_suffix(".py").is_file() or (ROOT / rel / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PKG.rglob("*.py"))}


def top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer(module: str) -> int:
    for i, names in enumerate(LAYERS):
        if top(module) in names:
            return i
    raise AssertionError(f"{module} has no layer in tests/test_architecture.py: decide where it belongs")


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in g:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_every_module_has_a_layer() -> None:
    for module in graph():
        if module != "dashboard":
            layer(module)


def test_no_import_from_a_lower_layer_to_a_higher_one() -> None:
    wrong = [f"{a} -> {b}" for a, deps in graph().items() if a != "dashboard"
             for b in deps if b != "dashboard" and layer(b) > layer(a)]
    assert not wrong, "imports that run back up:\n" + "\n".join(wrong)


def test_the_core_imports_nothing_of_the_tui() -> None:
    wrong = [f"{a} -> {b}" for a, deps in graph().items() if top(a) not in ("tui", "cli", "")
             for b in deps if top(b) == "tui"]
    assert not wrong, wrong


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_no_screen_imports_the_app() -> None:
    """Screens and widgets type against dashboard.tui.context.Dashboard; only the entry points import the app."""
    wrong = [m for m, deps in graph().items() if "dashboard.tui.app" in deps and top(m) == "tui"]
    assert not wrong, wrong


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


CLOCK_CALLS = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.today|time\.localtime)\(")


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_clock_reads_the_date(path: Path) -> None:
    """'Today' comes from dashboard.clock (DASH_TODAY or the system date), passed down from the edge."""
    if path.name == "clock.py":
        return
    hits = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if CLOCK_CALLS.search(line)]
    assert not hits, hits
