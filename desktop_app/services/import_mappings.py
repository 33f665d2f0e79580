"""Import mappings saved under a name, one JSON file each in the user's
config folder (``paths.config_dir()/mappings/NAME.json``), so that a CSV
described once in the window is read the same way next time, by the window
or by ``paperwealth-cli import-transactions FILE --mapping NAME``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from desktop_app import paths
from desktop_app.input.brokers.mapping import Mapping, MappingError
from desktop_app.storage.file_writes import write_file_atomically

# A name is also a file name on every system: letters (any script), digits, space, - _ .
_NAME = re.compile(r"[^\W][\w .\-]{0,63}")
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                       *(f"LPT{i}" for i in range(1, 10))})


def folder() -> Path:
    return paths.config_dir() / "mappings"


def check_name(name: str) -> str:
    cleaned = name.strip()
    if not _NAME.fullmatch(cleaned) or cleaned.endswith(".") or cleaned.upper() in _RESERVED:
        raise MappingError(f"'{name[:40]}' cannot name a mapping: use letters, digits, spaces and - _ . "
                           "(at most 64, not ending in a dot)")
    return cleaned


def saved_names() -> list[str]:
    """The names of the saved mappings, sorted."""
    where = folder()
    if not where.is_dir():
        return []
    return sorted(p.stem for p in where.glob("*.json") if p.is_file())


def load(name_or_path: str) -> Mapping:
    """A mapping from a JSON file, or the saved mapping of that name."""
    path = Path(name_or_path).expanduser()
    if not path.is_file():
        saved = folder() / f"{check_name(name_or_path)}.json"
        if not saved.is_file():
            known = ", ".join(saved_names()) or "none saved yet"
            raise MappingError(f"no mapping file or saved mapping named '{name_or_path[:60]}' (saved: {known})")
        path = saved
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"cannot read the mapping {path}: {exc}") from None
    return Mapping.from_json(content)


def save(name: str, mapping: Mapping) -> Path:
    """Write ``mapping`` as NAME.json (replacing one of that name, whole or not at all)."""
    target = folder() / f"{check_name(name)}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {k: v for k, v in mapping_dict(mapping).items() if v not in (None, {}, "")}
    write_file_atomically(target, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    return target


def mapping_dict(mapping: Mapping) -> dict:
    return {name: getattr(mapping, name) for name in Mapping.__dataclass_fields__}
