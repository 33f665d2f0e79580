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
    """desktop_app/ui/text/i18n.py looks beside the package first (the wheel's layout)."""
    from desktop_app.ui.text import i18n

    package = tmp_path / "site-packages" / "desktop_app"
    (package / "ui" / "text").mkdir(parents=True)
    (package / "resources" / "translations").mkdir(parents=True)
    monkeypatch.setattr(i18n, "__file__", str(package / "ui" / "text" / "i18n.py"))
    assert i18n.resources_dir() == package / "resources"
    assert os.fspath(i18n.translations_dir()).endswith(os.path.join("desktop_app", "resources", "translations"))


def load_script(path: Path, name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_mac_bundle_is_a_foreground_app_with_an_honest_minimum():
    """PyInstaller marks the bundle LSBackgroundOnly when the last executable
    in COLLECT is a console one (ours: the CLI): no Dock icon, no menu bar."""
    import plistlib

    from desktop_app import __version__

    module = load_script(ROOT / "packaging" / "macos" / "info_plist.py", "info_plist")
    plist = module.info_plist(__version__)
    assert plist["LSBackgroundOnly"] is False
    spec = (ROOT / "packaging" / "paperwealth.spec").read_text()
    assert f'name="{plist["CFBundleExecutable"]}",\n    console=False' in spec
    assert plist["CFBundleShortVersionString"] == __version__
    assert all(part.isdigit() for part in plist["CFBundleVersion"].split("."))
    assert plistlib.loads(plistlib.dumps(plist)) == plist
    assert plist["LSMinimumSystemVersion"] == module.MINIMUM_MACOS


OTOOL_FAT = """\
libfoo.dylib (architecture x86_64):
Load command 9
      cmd LC_VERSION_MIN_MACOSX
  cmdsize 16
  version 10.9
      sdk 10.14
Load command 10
      cmd LC_SOURCE_VERSION
  cmdsize 16
  version 0.0
libfoo.dylib (architecture arm64):
Load command 9
      cmd LC_BUILD_VERSION
  cmdsize 32
 platform 1
    minos 14.0
      sdk 14.2
"""


def test_build_reads_each_architectures_minimum_macos_from_otool():
    build = load_script(ROOT / "packaging" / "build.py", "pw_build")
    # LC_SOURCE_VERSION's "version" is not a minimum.
    assert build.macho_minimums(OTOOL_FAT) == ["10.9", "14.0"]
    assert build.version_tuple("14.0") > build.version_tuple("13.10") > build.version_tuple("13.9")


def test_the_windows_version_resource_names_the_product_and_version():
    """PyInstaller evaluates this text with its own classes (which need pefile
    and win32api, Windows only); here each class records its arguments."""
    import ast
    import inspect

    import PyInstaller.utils.win32 as win32_pkg

    from desktop_app import __version__

    module = load_script(ROOT / "packaging" / "windows" / "version_info.py", "version_info")
    text = module.version_file_text(__version__, description="Paper Wealth", internal_name="PaperWealth")
    names = {node.func.id for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Call)}
    source = (Path(inspect.getfile(win32_pkg)).parent / "versioninfo.py").read_text()
    for name in names:  # every constructor the text uses is one PyInstaller defines
        assert f"class {name}" in source, name

    def record(name):
        return lambda *args, **kwargs: (name, args, kwargs)

    info = eval(text, {name: record(name) for name in names})  # noqa: S307 - our own generated text
    fixed = info[2]["ffi"][2]
    assert fixed["filevers"] == fixed["prodvers"] == module.numeric(__version__)
    strings = dict(s[1] for s in info[2]["kids"][0][1][0][0][1][1])
    assert strings["ProductName"] == "Paper Wealth"
    assert strings["ProductVersion"] == strings["FileVersion"] == __version__
    assert strings["OriginalFilename"] == "PaperWealth.exe"
    assert module.numeric("1.2.0rc1") == (1, 2, 0, 0) and module.numeric("2026.11") == (2026, 11, 0, 0)


def test_the_qt_plugins_left_out_of_the_frozen_app():
    qt_trim = load_script(ROOT / "packaging" / "qt_trim.py", "qt_trim")
    linux, windows = qt_trim.unused_plugins("linux"), qt_trim.unused_plugins("win32")
    plugin = "PySide6/Qt/plugins/{}/lib{}.so".format
    assert qt_trim.is_unused_plugin(plugin("imageformats", "qjpeg"), linux)
    assert not qt_trim.is_unused_plugin(plugin("imageformats", "qsvg"), linux)  # the app's SVG icon
    assert qt_trim.is_unused_plugin(plugin("generic", "qevdevtouchplugin"), linux)  # the whole folder
    assert qt_trim.is_unused_plugin(plugin("platforms", "qvnc"), linux)
    for kept in ("qxcb", "qwayland", "qoffscreen"):  # desktops, and the smoke test
        assert not qt_trim.is_unused_plugin(plugin("platforms", kept), linux)
    assert not qt_trim.is_unused_plugin(plugin("platforminputcontexts", "ibusplatforminputcontextplugin"), linux)
    # Windows' layout; its platforms are not touched (only Linux's are trimmed)
    assert qt_trim.is_unused_plugin("PySide6/plugins/imageformats/qjpeg.dll", windows)
    assert not qt_trim.is_unused_plugin("PySide6/plugins/platforms/qminimal.dll", windows)
    assert not qt_trim.is_unused_plugin("PySide6/Qt/lib/libQt6Gui.so.6", linux)  # a library, not a plugin
    assert not qt_trim.is_unused_plugin("somelib/plugins/imageformats/libqjpeg.so", linux)  # not Qt's


def test_only_the_libraries_that_removed_plugins_alone_needed_go():
    """R (removed) links to Z, W and V; Z links to W; A (kept) links to V and X.
    Z and W go; V stays (A needs it), X and Y stay (never suspected)."""
    qt_trim = load_script(ROOT / "packaging" / "qt_trim.py", "qt_trim")
    links = {"R": {"libZ", "libW", "libV"}, "libZ": {"libW"}, "A": {"libV", "libX"},
             "libV": set(), "libW": set(), "libX": set(), "libY": set()}
    entry = {name: (f"sub/{name}", f"/src/{name}", "BINARY") for name in links}
    kept = [entry[n] for n in ("A", "libZ", "libW", "libV", "libX", "libY")]
    result = qt_trim.without_orphans(kept, [entry["R"]], lambda e: links[e[0].split("/")[-1]])
    assert [e[0] for e in result] == ["sub/A", "sub/libV", "sub/libX", "sub/libY"]
    # nothing removed, nothing lost
    assert qt_trim.without_orphans(kept, [], lambda e: links[e[0].split("/")[-1]]) == kept
