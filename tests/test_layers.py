"""The layering rules of HOUSE_STYLE.md, checked rather than hoped for."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import desktop_app

PACKAGE = Path(desktop_app.__file__).parent
FORBIDDEN_IN_DOMAIN = {
    "PySide6",
    "pyqtgraph",
    "sqlite3",
    "sqlite_utils",
    "yfinance",
    "pandas",
    "requests",
    "curl_cffi",
    "urllib",
    "http",
    "socket",
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_imports_no_gui_storage_or_network():
    offenders = {}
    for path in (PACKAGE / "domain").rglob("*.py"):
        bad = {
            n
            for n in _imports(path)
            if n.split(".")[0] in FORBIDDEN_IN_DOMAIN
            or n.startswith(("desktop_app.storage", "desktop_app.services", "desktop_app.cli"))
        }
        if bad:
            offenders[path.name] = bad
    assert offenders == {}


def test_import_linter_contracts_hold():
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_report_pays_only_for_what_it_uses(tmp_path):
    """A report imports no Qt, no yfinance, no pandas and not sqlite-utils."""
    db = tmp_path / "r.sqlite3"
    from desktop_app import cli

    assert cli.main(["--db", str(db), "demo"]) == 0
    code = (
        "import sys, io, contextlib\n"
        "from desktop_app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['--db', {str(db)!r}, 'report', '--json'])\n"
        "import json\n"
        "print(json.dumps([rc, sorted({m.split('.')[0] for m in sys.modules})]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    rc, modules = json.loads(out)
    assert rc == 0
    assert not {"PySide6", "pyqtgraph", "yfinance", "pandas", "numpy", "sqlite_utils", "curl_cffi"} & set(modules)


def test_a_write_command_does_not_pay_for_pandas(tmp_path):
    """sqlite-utils is imported with pandas and numpy hidden (they cost ~0.35 s)."""
    db = tmp_path / "w.sqlite3"
    code = (
        "import sys, io, contextlib\n"
        "from desktop_app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['--db', {str(db)!r}, 'set-fx', 'USD', 'HKD', '7.8', '--date', '2026-01-05'])\n"
        "import json\n"
        "print(json.dumps([rc, sorted({m.split('.')[0] for m in sys.modules})]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    rc, modules = json.loads(out)
    assert rc == 0
    assert "sqlite_utils" in modules
    assert not {"pandas", "numpy", "PySide6", "yfinance"} & set(modules)
