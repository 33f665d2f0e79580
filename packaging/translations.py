"""Regenerate the translations: ``python packaging/translations.py``.

1. ``pyside6-lupdate`` collects every string passed to ``tr()`` /
   ``translate(context, text)`` in ``desktop_app/ui`` into
   ``resources/translations/paperwealth_<lang>.ts``, keeping existing
   translations (edit those files, e.g. with ``pyside6-linguist``).
2. ``pyside6-lrelease`` compiles each ``.ts`` into the ``.qm`` the app loads.

Both ``.ts`` and ``.qm`` are committed, so a fresh install is translated with
no extra step; tests check that the ``.qm`` files match their sources and
that nothing visible is left untranslated.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# every module under desktop_app/ui, sub-folders included (shell/, pages/, dialogs/, text/)
SOURCES = sorted(str(p.relative_to(ROOT)) for p in [*(ROOT / "desktop_app" / "ui").rglob("*.py"),
                                                    ROOT / "desktop_app" / "gui_main.py"])
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "zh_TW")


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"paperwealth_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"paperwealth_{language}.qm"


def update(languages=LANGUAGES, extra: tuple[str, ...] = ()) -> None:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for language in languages:
        subprocess.run([tool("pyside6-lupdate"), *SOURCES, "-no-obsolete", "-locations", "none",
                        "-target-language", language, *extra, "-ts", str(ts_path(language))],
                       cwd=ROOT, check=True, capture_output=True)


def release(languages=LANGUAGES, out_dir: Path | None = None) -> list[Path]:
    outputs = []
    for language in languages:
        target = (out_dir or TRANSLATIONS) / f"paperwealth_{language}.qm"
        subprocess.run([tool("pyside6-lrelease"), str(ts_path(language)), "-qm", str(target)],
                       cwd=ROOT, check=True, capture_output=True)
        outputs.append(target)
    return outputs


if __name__ == "__main__":
    update()
    for path in release():
        print(f"wrote {path.relative_to(ROOT)}")
