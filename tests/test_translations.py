"""Every visible string is translated in both Chinese catalogues, the
catalogues cover every string in the sources, and the committed .qm files
are what the committed .ts files compile to."""

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("translations_tool", ROOT / "packaging" / "translations.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

PLACEHOLDER = re.compile(r"%\d")


def messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


@pytest.mark.parametrize("language", tool.LANGUAGES)
def test_no_string_is_left_untranslated(language):
    problems = []
    for context, message in messages(tool.ts_path(language)):
        source = message.findtext("source")
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished") or not (
            translation.text or ""
        ).strip():
            problems.append(f"{context}: {source!r} is not translated")
        elif set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translation.text)):
            problems.append(f"{context}: {source!r} loses a placeholder")
    assert problems == []


@pytest.mark.parametrize("language", tool.LANGUAGES)
def test_catalogue_covers_every_string_in_the_sources(language, tmp_path):
    """lupdate over today's sources finds nothing the committed catalogue lacks."""
    fresh = tmp_path / f"fresh_{language}.ts"
    fresh.write_bytes(tool.ts_path(language).read_bytes())
    import subprocess

    subprocess.run([tool.tool("pyside6-lupdate"), *tool.SOURCES, "-no-obsolete", "-locations", "none",
                    "-ts", str(fresh)], cwd=ROOT, check=True, capture_output=True)
    committed = {(c, m.findtext("source")) for c, m in messages(tool.ts_path(language))}
    current = {(c, m.findtext("source")) for c, m in messages(fresh)}
    assert current - committed == set(), "run: python packaging/translations.py"
    assert len(committed) > 150


@pytest.mark.parametrize("language", tool.LANGUAGES)
def test_committed_qm_matches_its_ts(language, tmp_path):
    (built,) = tool.release([language], out_dir=tmp_path)
    assert built.read_bytes() == tool.qm_path(language).read_bytes(), "run: python packaging/translations.py"


def test_the_window_shows_chinese_from_the_qm(qapp):
    from PySide6.QtCore import QCoreApplication

    from desktop_app.ui.text.i18n import install_translator

    try:
        assert install_translator("zh_CN")
        assert QCoreApplication.translate("MainWindow", "Holdings") == "持仓"
        assert QCoreApplication.translate("Reasons", "must be greater than 0") == "必须大于 0"
        assert install_translator("zh_TW")
        assert QCoreApplication.translate("MainWindow", "Holdings") == "持倉"
    finally:
        install_translator("en")
    assert QCoreApplication.translate("MainWindow", "Holdings") == "Holdings"
