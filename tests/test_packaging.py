"""What `pip install .` ships: the translations must be inside the package."""

import os
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_the_compiled_translations(tmp_path, monkeypatch):
    from hatchling.build import build_wheel

    monkeypatch.chdir(ROOT)
    name = build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = set(wheel.namelist())
    for language in ("zh_CN", "zh_TW"):
        assert f"desktop_app/resources/translations/paperwealth_{language}.qm" in names
    assert not any(n.startswith("tests/") for n in names)


def test_an_installed_layout_finds_its_translations(tmp_path, monkeypatch):
    """desktop_app/ui/i18n.py looks beside the package first (the wheel's layout)."""
    from desktop_app.ui import i18n

    package = tmp_path / "site-packages" / "desktop_app"
    (package / "ui").mkdir(parents=True)
    (package / "resources" / "translations").mkdir(parents=True)
    monkeypatch.setattr(i18n, "__file__", str(package / "ui" / "i18n.py"))
    assert i18n.resources_dir() == package / "resources"
    assert os.fspath(i18n.translations_dir()).endswith(os.path.join("desktop_app", "resources", "translations"))
