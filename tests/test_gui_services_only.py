"""The window writes only through the services: no module under ui/ reaches
for a service's repository (``svc.repo``, ``p.repo``). (What it may import is
the import-linter contract in pyproject.toml, run by test_layers.py.)"""

import ast
from pathlib import Path

import desktop_app

UI = Path(desktop_app.__file__).parent / "ui"


def test_no_ui_module_touches_a_repository():
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "repo":
                found.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert found == []
