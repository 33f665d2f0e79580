"""The layering rules, checked rather than hoped for.

The contracts live once, in pyproject.toml's [tool.importlinter] section:
import-linter checks them, and this file reads them from there (it repeats
no list of modules) to check the forbidden ones itself as well, plus what
import-linter cannot see: which libraries a command actually loads."""

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import desktop_app

PACKAGE = Path(desktop_app.__file__).parent
PYPROJECT = PACKAGE.parent / "pyproject.toml"


def _contracts(kind: str) -> list[dict]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    return [c for c in config["contracts"] if c["type"] == kind]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, wherever the import stands (inside a
    function too), relative imports made absolute."""
    module, names = _module_name(path), set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # `from package import module`
    return names


def _within(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def test_the_forbidden_contracts_are_read_from_pyproject():
    sources = {m for c in _contracts("forbidden") for m in c["source_modules"]}
    assert "desktop_app.core" in sources  # the domain's purity is one of them
    assert all(c["forbidden_modules"] for c in _contracts("forbidden"))
    assert _contracts("layers")


def test_forbidden_contracts_hold_in_every_import_statement():
    """pyproject.toml's forbidden contracts, checked on the source: each
    module of a contract's sources imports none of its forbidden modules,
    not even inside a function."""
    offenders = {}
    for contract in _contracts("forbidden"):
        for path in PACKAGE.rglob("*.py"):
            module = _module_name(path)
            if not any(_within(module, source) for source in contract["source_modules"]):
                continue
            bad = {n for n in _imports(path) if any(_within(n, f) for f in contract["forbidden_modules"])}
            if bad:
                offenders.setdefault(contract["name"], {})[module] = sorted(bad)
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
