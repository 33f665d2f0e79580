"""Files the command line reads and writes, and the progress line of an import."""

from __future__ import annotations

from pathlib import Path

from desktop_app.cli.table import BadInput


def read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None


def readable(path: str) -> Path:
    """The file to import, opened by the service (it reads a row at a time)."""
    target = Path(path)
    if target.is_dir():
        raise BadInput(f"cannot read {path}: it is a folder")
    try:
        with target.open("rb"):
            pass
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    return target


class ImportMeter:
    """One line on the terminal that an import keeps up to date ("Reading
    45% (41.2 of 91.5 MB)"); nothing when standard error is not a terminal
    (a pipe, a log file, a test)."""

    PHASES = {"read": "Reading", "check": "Checking positions", "save": "Saving"}

    def __init__(self, stream) -> None:
        try:
            self.live = stream.isatty()
        except (AttributeError, ValueError):
            self.live = False
        self.stream = stream
        self.shown = 0  # the widest text written on the line
        self._last = 0.0
        self._phase = ""

    def step(self, phase: str, done: int, total: int) -> None:
        import time

        if not self.live:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total and phase == self._phase:
            return
        self._last, self._phase = now, phase
        pct = f"{100 * done // total}%" if total else ""
        if phase == "read":
            detail = f"{done / 1e6:,.1f} of {total / 1e6:,.1f} MB"
        else:
            detail = f"{done:,} of {total:,} holdings"
        text = f"{self.PHASES.get(phase, phase)}... {pct} ({detail})"
        # Spaces rather than an escape code wipe a longer earlier text: old Windows consoles print escapes.
        self.stream.write("\r" + text.ljust(self.shown))
        self.stream.flush()
        self.shown = max(self.shown, len(text))

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def refuse_protected(target: str | Path, db_path: Path, *, allow_backups: bool = False) -> None:
    from desktop_app.storage import file_writes

    try:
        file_writes.refuse_protected(target, db_path, allow_backups=allow_backups)
    except file_writes.ProtectedFile as exc:
        raise BadInput(str(exc)) from None


def write_file(name: str, data: bytes, db_path: Path) -> None:
    """An export: never over the ledger, its companions or its backups, and
    never half a file (a temporary file renamed over the target)."""
    from desktop_app.storage.file_writes import write_file_atomically

    refuse_protected(name, db_path)
    try:
        write_file_atomically(Path(name), data)
    except OSError as exc:
        raise BadInput(f"cannot write {name}: {exc.strerror or exc}") from None
