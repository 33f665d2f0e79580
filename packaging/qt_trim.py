"""Which of the Qt plugins PyInstaller's PySide6 hook collects the app never
loads, and which libraries then go with them (used by paperwealth.spec)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

# Qt plugins the app never loads, by plugin folder (None: the whole folder). PNG is built into
# QtGui; the SVG icon (imageformats/qsvg, iconengines) and ICO stay. "generic" is touch screens,
# tablets and TUIO over the network (kiosks); EGL device integrations drive bare graphics
# cards (embedded devices).
UNUSED: dict[str, set[str] | None] = {
    "imageformats": {"qjpeg", "qwebp", "qtiff", "qgif", "qicns", "qwbmp", "qtga", "qpdf"},
    "generic": None,
    "egldeviceintegrations": None,
}
# Linux: a desktop window runs on X11 (xcb) or Wayland; offscreen serves the smoke test. Not
# the framebuffer, VNC, EGLFS or Vulkan-display platforms of embedded devices. The GTK 3 theme
# plugin only borrows GNOME's dialogs and drags in GTK's stack (cairo, pango, atk, ...): Qt's
# own style and dialogs serve instead.
UNUSED_ON_LINUX: dict[str, set[str] | None] = {
    "platforms": {"qlinuxfb", "qvnc", "qeglfs", "qminimal", "qminimalegl", "qvkkhrdisplay"},
    "platformthemes": {"qgtk3"},
}


def unused_plugins(platform: str) -> dict[str, set[str] | None]:
    return {**UNUSED, **(UNUSED_ON_LINUX if platform == "linux" else {})}


def is_unused_plugin(dest: str, unused: dict[str, set[str] | None]) -> bool:
    """``dest``: a path in the frozen folder, e.g. PySide6/Qt/plugins/imageformats/libqjpeg.so
    (Windows: PySide6/plugins/imageformats/qjpeg.dll)."""
    parts = Path(dest).parts
    if "PySide6" not in parts or "plugins" not in parts:
        return False
    i = parts.index("plugins")
    if len(parts) != i + 3 or parts[i + 1] not in unused:
        return False
    names = unused[parts[i + 1]]
    return names is None or parts[-1].split(".")[0].removeprefix("lib") in names


def without_orphans(kept: list[tuple], removed: Iterable[tuple], needed: Callable[[tuple], set[str]]) -> list[tuple]:
    """``kept`` less the libraries that only ``removed`` link to, directly or
    through one another (PyInstaller collected them for those plugins alone).
    Entries are PyInstaller's (dest, source, kind); ``needed(entry)``: the file
    names it links to."""
    names = {Path(entry[0]).name: entry for entry in kept}
    suspects: set[str] = set()
    todo = list(removed)
    while todo:
        for name in needed(todo.pop()) & (names.keys() - suspects):
            suspects.add(name)
            todo.append(names[name])
    used: set[str] = set()
    todo = [entry for entry in kept if Path(entry[0]).name not in suspects]
    while todo:  # what everything else still links to
        for name in needed(todo.pop()) & (suspects - used):
            used.add(name)
            todo.append(names[name])
    return [entry for entry in kept if Path(entry[0]).name not in suspects - used]
