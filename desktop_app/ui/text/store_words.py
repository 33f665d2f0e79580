"""The storage errors the window shows at start-up or on a refused write, in
the window's language: the errors carry their data (``path``, why the
ledger is read-only, its schema version) and these words replace their
English text, which is the command line's. What the system or SQLite said
(a reason such as "Permission denied") stays in its own words, as quoted.

The damaged, foreign, newer and folder cases are worded by
``gui_main.cannot_open_text``; this module words the rest."""

from __future__ import annotations

import re

from desktop_app.ui.text.i18n import translate


def _fill(template: str, *values: object) -> str:
    """%1, %2... replaced in one pass (a path may itself hold "%2")."""
    return re.sub(r"%([1-9])", lambda m: str(values[int(m.group(1)) - 1]) if int(m.group(1)) <= len(values)
                  else m.group(0), template)


def read_only_text(reason, db_path) -> str:
    """Why nothing could be written (``storage.ledger_file.ReadOnly``)."""
    if reason.kind == "window":
        return _fill(translate("Startup", "%1 is open read-only in this window (another window has it open): "
                                          "nothing was changed."), db_path)
    if reason.mounted_read_only:  # no chmod helps: only a copy elsewhere can be changed
        return _fill(translate("Startup", "%1 cannot be changed: the file system holding %2 is mounted read-only, "
                                          "so nothing was changed. Reading it works; to change the ledger, copy it "
                                          "somewhere writable."), db_path, reason.path)
    if reason.kind == "file":
        return _fill(translate("Startup", "%1 is read-only: nothing was changed. Reading it works; to change the "
                                          "ledger, make the file writable or copy it somewhere writable."), db_path)
    return _fill(translate("Startup", "%1 cannot be changed: its folder %2 is read-only (SQLite writes its -wal and "
                                      "-shm files beside the ledger), so nothing was changed. Reading it works; to "
                                      "change the ledger, make the folder writable or copy the file somewhere "
                                      "writable."), db_path, reason.path)


def read_only_banner(reason) -> str:
    """The read-only window's banner: why it only shows the ledger, and what
    would let it change it (``reason``: a ``ReadOnly``, None for a second window)."""
    if reason is None:
        return translate("Startup", "Another Paper Wealth window has this database open: this one is read-only. "
                                    "Close the other to make changes.")
    if reason.mounted_read_only:
        return _fill(translate("Startup", "The ledger %1 is on a file system mounted read-only: this window only "
                                          "shows it. Copy it somewhere writable and open the copy to make changes."),
                     reason.path)
    if reason.kind == "file":
        return _fill(translate("Startup", "The ledger file %1 is read-only: this window only shows it. Make the "
                                          "file writable, then reopen Paper Wealth to make changes."), reason.path)
    return _fill(translate("Startup", "The ledger's folder %1 is read-only (SQLite writes its journal beside the "
                                      "ledger): this window only shows it. Make the folder writable, then reopen "
                                      "Paper Wealth to make changes."), reason.path)


# ``core.numbers.StoredValueError``'s shapes (storage/rows.py, transaction_store.py, import_stage.py): a value
# in a table's row that cannot be read back (damage, not input).
_STORED_VALUE = (r"stored (?:date|value|source|type) (.+) in (\w+) row (?:id )?(\S+?)(?:, column \w+)? is not "
                 r"(?:a date|a number|a finite number|a mark source|a transaction type)")
_STORED_ROW = r"(\w+) row id (\d+) (?:cannot be read \(.*\)|holds a number that is not finite)"


def stored_value_text(message: str) -> str:
    """A stored value that cannot be read back, in the window's language (the
    table's name and the value as stored); any other message as given."""
    found = re.fullmatch(_STORED_VALUE, message, re.S)
    if found:
        return _fill(translate("Startup", "row %2 of the %1 table holds %3, which cannot be read back"),
                     found.group(2), found.group(3), found.group(1))
    found = re.fullmatch(_STORED_ROW, message, re.S)
    if found:
        return _fill(translate("Startup", "row %2 of the %1 table cannot be read back"), found.group(1),
                     found.group(2))
    return message


def store_error_text(error: BaseException) -> str:
    """A storage error's words in the window's language; any other error
    (or one without its data) keeps its own text."""
    from desktop_app.core.numbers import StoredValueError
    from desktop_app.services.ledger_session import CannotCreate, ReadOnlyDatabase

    if isinstance(error, StoredValueError):
        return stored_value_text(str(error))
    if isinstance(error, CannotCreate):
        return _fill(translate("Startup", "A ledger cannot be created at %1 (%2)."), error.path, error.reason)
    if isinstance(error, ReadOnlyDatabase) and error.reason is not None and error.path is not None:
        if error.version == 0:
            return _fill(translate("Startup", "%1 is an empty read-only file, not a ledger: nothing was changed."),
                         error.path)
        if error.version is not None:
            return _fill(translate("Startup", "%1 was written by an older Paper Wealth (schema %2) and must be "
                                              "upgraded, which cannot be done here. %3"),
                         error.path, error.version, read_only_text(error.reason, error.path))
        return read_only_text(error.reason, error.path)
    primary = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF  # an SQLite error (no sqlite3 import here)
    if primary == 13:  # SQLITE_FULL: the write was rolled back whole
        return translate("Startup", "A disk is full (the ledger's, or the one for temporary files): nothing was "
                                    "changed. Free some space and try again.")
    if primary == 10:  # SQLITE_IOERR: the system refused the write (a file-size limit, a quota, a failing disk)
        return translate("Startup", "The system refused to write the ledger (a file-size limit or quota reached, or "
                                    "a failing disk): nothing was changed. Fix that and try again.")
    if primary == 5:  # SQLITE_BUSY: another writer held the ledger past the wait
        return translate("Startup", "Another program (or another window) kept the ledger busy: nothing was changed. "
                                    "Try again when it is done.")
    return str(error)
