"""The package's layers, checked by reading every import of every module.

base → model → engine → adapters → cli: a module imports from its own layer or an inner one,
never outward, and no two modules import each other, directly or round a circle. The one way
outward is :mod:`resultsframe.hooks` (notebook display and data frames), whose imports are made
only when its functions are called. The Architecture page of the docs draws the same picture.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

import resultsframe

PACKAGE = Path(resultsframe.__file__).parent

# Every top-level module or subpackage, by layer, innermost first. A new module must be placed
# here: the test below fails for one that is not.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": (
        "exceptions",
        "files",
        "formatting",
        "grammar",
        "hooks",
        "levels",
        "methods",
        "periods",
        "textwidth",
        "units",
        "values",
    ),
    "model": ("framework", "model", "variants"),
    "engine": ("observations", "progress"),
    "adapters": (
        "builder",
        "charts",
        "diagram",
        "differences",
        "display",
        "document",
        "examples",
        "figures",
        "frames",
        "iati",
        "reporting",
        "table",
    ),
    "cli": ("__main__", "cli"),
}
RANK = {name: rank for rank, names in enumerate(LAYERS.values()) for name in names}
LAYER_OF = {name: layer for layer, names in LAYERS.items() for name in names}
# hooks imports outward on purpose (lazily, inside its functions); nothing else may.
OUTWARD_ALLOWED = {"hooks"}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(("resultsframe", *parts)), path


def _is_module(name: str) -> bool:
    relative = name.split(".")[1:]
    if not relative:
        return True
    base = PACKAGE.joinpath(*relative)
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every resultsframe module ``module`` imports, with the line, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "resultsframe":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".")
                if not is_package:
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base.split(".")[0] != "resultsframe":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield (candidate if _is_module(candidate) else base), node.lineno


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _under_type_checking(path: Path) -> set[int]:
    """Lines of imports inside ``if TYPE_CHECKING:`` blocks (annotations only, never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if isinstance(sub, ast.Import | ast.ImportFrom):
                        lines.add(sub.lineno)
    return lines


MODULES = dict(_modules())


def test_every_module_has_a_layer() -> None:
    tops = {_top(name) for name in MODULES} - {""}
    assert sorted(tops - set(RANK)) == []


def test_no_import_runs_outward() -> None:
    outward = []
    for module, path in MODULES.items():
        top = _top(module)
        if not top or top in OUTWARD_ALLOWED:
            continue
        typing_only = _under_type_checking(path)
        for imported, line in _imports(module, path):
            if line in typing_only:
                continue
            target = _top(imported)
            if not target or RANK[target] > RANK[top]:
                outward.append((module, imported))
    # `resultsframe` alone is the package facade: nothing inside the package may import it.
    assert outward == []


def test_hooks_import_outward_only_when_called() -> None:
    tree = ast.parse(MODULES["resultsframe.hooks"].read_text(encoding="utf-8"))
    top_level = [
        node
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom) and "resultsframe" in ast.unparse(node)
    ]
    assert top_level == []


def test_no_import_circle() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph()
    for module, path in MODULES.items():
        if _top(module) in OUTWARD_ALLOWED:
            continue
        typing_only = _under_type_checking(path)
        graph.add_node(module)
        for imported, line in _imports(module, path):
            # A package's own __init__ re-exports its modules; that is not a circle.
            if line in typing_only or module.startswith(imported + ".") or imported == module:
                continue
            if imported.startswith(module + ".") and path.name == "__init__.py":
                continue
            graph.add_edge(module, imported)
    circles = set()
    for cycle in nx.simple_cycles(graph):
        start = cycle.index(min(cycle))
        ordered = [*cycle[start:], *cycle[:start]]
        circles.add(" → ".join([*ordered, ordered[0]]))
    assert sorted(circles) == []


def test_no_module_is_much_longer_than_600_lines() -> None:
    # ~600 is the aim; 650 leaves room for a docstring more without a split.
    long = {
        module
        for module, path in MODULES.items()
        if path.read_text(encoding="utf-8").count("\n") > 650
    }
    assert sorted(long) == []


def test_the_docs_page_draws_the_same_map() -> None:
    page = Path(__file__).parent.parent / "docs" / "architecture.md"
    drawn: dict[str, set[str]] = {}
    for layer, cells in re.findall(r"^\| (\w+) \| (`[^|]+) \|", page.read_text(), re.M):
        drawn.setdefault(layer, set()).update(re.findall(r"`(\w+)`", cells))
    assert drawn == {layer: set(names) for layer, names in LAYERS.items()}
