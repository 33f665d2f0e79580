"""No import cycle anywhere in desktop_app, imports inside functions included.

import-linter's layers contract sees only imports between layers, and a cycle
inside one layer (two services importing each other, one of them inside a
function) slips through it. This walks every module's AST, every `import` and
`from ... import` wherever it stands, and looks for cycles in the module graph.
"""

import ast
from pathlib import Path

import desktop_app

PACKAGE = Path(desktop_app.__file__).parent
ROOT = PACKAGE.name  # "desktop_app"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute name a `from ... import` starts from."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base.pop()  # a module's relative imports start from its package
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _target(name: str, modules: dict[str, Path]) -> str | None:
    """The longest known module that `name` is or lies inside, if it is ours."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of desktop_app it imports, at any depth of its code.

    `from package import module` counts as importing the module;
    `from module import name` counts as importing the module.
    Importing `a.b.c` also runs `a` and `a.b`, but those are package
    __init__ files, which an edge to them would only blur: the edge goes to
    the module named."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        edges: set[str] = set()
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, is_package, node)
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                         for alias in node.names]
            else:
                continue
            for name in names:
                target = _target(name, modules) if name.split(".")[0] == ROOT else None
                if target and target != module:
                    edges.add(target)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected component of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _a_path(graph: dict[str, set[str]], component: list[str]) -> str:
    """The shortest loop through a component's first module, to name in the failure."""
    members = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return " -> ".join([*reversed(path), start])
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return " -> ".join(component)


def test_the_walker_finds_a_cycle_hidden_inside_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert _a_path(graph, ["a", "b", "c"]) == "a -> b -> c -> a"


def test_the_walker_sees_imports_inside_functions_and_relative_ones():
    graph = import_graph()
    assert len(graph) > 50
    # Every edge names a real module of the package.
    assert all(t in graph for targets in graph.values() for t in targets)
    # `from desktop_app import cli`-style and function-level imports are seen:
    # the app module imports the main window only inside a function.
    assert any(t.startswith("desktop_app.ui") for t in graph["desktop_app.app"])


def test_no_import_cycle_in_desktop_app():
    graph = import_graph()
    found = cycles(graph)
    assert found == [], "import cycles:\n" + "\n".join(_a_path(graph, c) for c in found)
