"""``paperwealth-cli``: the whole ledger from a terminal or a script.

The contract (commands, flags, CSV columns, JSON keys, exit codes) is stable:
0 success; 2 bad input or usage, nothing written; 1 unexpected error.
Messages go to stderr in plain words; ``--debug`` adds tracebacks.

The commands themselves, each one function with its flags, are in
``commands.py`` and registered in the table of ``table.py``; this module
builds the parser from that table, opens the ledger, runs the command and
turns what goes wrong into a message and an exit code.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__
from desktop_app.cli import cipher as _cipher  # noqa: F401 - registers encrypt, decrypt, change-password
from desktop_app.cli import commands as _commands  # noqa: F401 - registers the commands
from desktop_app.cli import exercise as _exercise  # noqa: F401 - registers exercise-plan and set-range

from desktop_app.cli import performance as _performance  # noqa: F401 - registers performance
from desktop_app.cli.files import ImportMeter as _ImportMeter  # noqa: F401 - tests use it
from desktop_app.cli.table import (
    COMMANDS,
    EXIT_BAD_INPUT,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_REFRESH_FAILED,  # noqa: F401 - part of the contract
    BadInput,
    Call,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help="database file (default: $PAPERWEALTH_DB, else the user data folder)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks for unexpected errors")
    common.add_argument("--password-file", default=argparse.SUPPRESS, metavar="FILE",
                        help="an encrypted ledger's password: the first line of FILE (default: asked at a terminal)")
    parser = _Parser(prog="paperwealth-cli", parents=[common],
                     description="Paper Wealth: listed shares, private marks and grants in one local ledger.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for entry in COMMANDS.values():
        entry.add_to(sub, common)
    return parser


def _run(args: argparse.Namespace) -> int:
    from desktop_app.paths import resolve_db_path

    entry = COMMANDS[args.command]
    db_path = resolve_db_path(getattr(args, "db", None))
    if not entry.opens_ledger:
        code = entry.run(Call(args, db_path))
        return EXIT_OK if code is None else code
    only_reads = entry.only_reads(args)
    if only_reads and not db_path.exists():
        raise BadInput(_no_ledger(db_path, getattr(args, "db", None)))
    from desktop_app.services.portfolio import Portfolio
    from desktop_app.storage.sqlite_repository import SqliteRepository

    _cipher.unlock(args, db_path)
    with SqliteRepository(db_path, check_integrity=entry.check_integrity) as repo:
        if repo.read_only and not only_reads:  # before any work (a refresh's downloads)
            from desktop_app.storage.sqlite_repository import ReadOnlyDatabase

            raise ReadOnlyDatabase(repo.read_only_message)
        code = entry.run(Call(args, db_path, repo, Portfolio(repo)))
    return EXIT_OK if code is None else code


def _only_reads(args: argparse.Namespace) -> bool:
    """The command only reads the ledger (a property of its table entry)."""
    return COMMANDS[args.command].only_reads(args)


def _no_ledger(db_path: Path, db_flag: str | None) -> str:
    import os

    from desktop_app.paths import DB_ENV_VAR

    if db_flag:
        return (f"no ledger at {db_path}: check the path, or create one there with "
                f"paperwealth-cli --db {_quoted(db_flag)} init (or demo, or import-transactions FILE.csv)")
    if os.environ.get(DB_ENV_VAR):
        return (f"no ledger at {db_path} (from ${DB_ENV_VAR}): check the path, or create one there with "
                f"paperwealth-cli init (or demo, or import-transactions FILE.csv)")
    return (f"no ledger yet at {db_path}: create one with paperwealth-cli init (empty), paperwealth-cli demo "
            f"(a sample portfolio) or paperwealth-cli import-transactions FILE.csv, or open the window (paperwealth)")


def _quoted(text: str) -> str:
    """``text`` as one argument of a command line the user can paste."""
    import os

    if os.name == "nt":
        import subprocess

        return subprocess.list2cmdline([text])
    import shlex

    return shlex.quote(text)


def main(argv: Sequence[str] | None = None) -> int:
    from desktop_app.frozen import prepare

    prepare()
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    debug = getattr(args, "debug", False)
    from desktop_app.paths import resolve_db_path

    db_path = resolve_db_path(getattr(args, "db", None))
    existed = db_path.exists()
    code = _guarded(args, debug)
    if code == EXIT_BAD_INPUT and not existed:
        _remove_new_database(db_path)  # bad usage writes nothing, not even an empty database
    return code


def _remove_new_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(str(path) + suffix).unlink()
        except OSError:
            pass


def _restore_hint(args: argparse.Namespace, db_path: Path, damaged: bool) -> list[str]:
    """The newest backup of ``db_path`` that passes its check, and the exact
    command that restores it (with --db when one was given)."""
    from desktop_app.services.backups import backups_folder, newest_good_backup

    good = newest_good_backup(db_path)
    if good is None:
        if not damaged:
            return []
        folder = backups_folder(db_path)
        if not folder.is_dir():  # none was ever taken here: do not send the user looking for a folder
            return [f"There is no backup of it: no backups folder exists at {folder}."]
        return [f"No backup of it passes its check (backups folder: {folder})."]
    flag = getattr(args, "db", None)
    command = "paperwealth-cli " + ("" if flag is None else f"--db {_quoted(flag)} ") + f"restore {_quoted(str(good))}"
    lead = ("The newest backup that passes its check is" if damaged else
            "Beside it are backups of a Paper Wealth ledger: if this file was yours, the newest good one is")
    return [f"{lead} {good.name} (in {good.parent}). Restore it (what it replaces is kept in the backups folder):",
            f"  {command}"]


def _damaged(args: argparse.Namespace, db_path: Path, problem: str) -> int:
    print(f"error: {db_path} is damaged ({problem}); it was left untouched.", file=sys.stderr)
    for line in _restore_hint(args, db_path, damaged=True):
        print(line, file=sys.stderr)
    return EXIT_BAD_INPUT


def _sqlite_error(args: argparse.Namespace, exc: Exception, debug: bool) -> int:
    """An SQLite error that escaped the checks on open: a damaged page met
    while reading, a file that became read-only, a full disk, a refused write, or another writer that
    stayed busy."""
    from desktop_app.paths import resolve_db_path

    db_path = resolve_db_path(getattr(args, "db", None))
    primary = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if primary in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
        return _damaged(args, db_path, str(exc))
    if primary == 8:  # SQLITE_READONLY
        print(f"error: {db_path} cannot be written here ({exc}); nothing was changed", file=sys.stderr)
        return EXIT_BAD_INPUT
    if primary == 5:  # SQLITE_BUSY: another process held its write longer than the connection waits
        print(f"error: {db_path} is being written by another program (or the window) and stayed busy; nothing was "
              "changed: run the command again when it is done", file=sys.stderr)
        return EXIT_ERROR
    if primary == 13:  # SQLITE_FULL: the write was rolled back whole (a half-made backup is removed)
        print(f"error: the disk is full: {db_path} (or SQLite's temporary files) could not be written ({exc}); "
              "nothing was changed: free some space and run the command again", file=sys.stderr)
        return EXIT_ERROR
    if primary == 10:  # SQLITE_IOERR: the write failed (a file-size limit, a quota, a failing disk) and was rolled back
        print(f"error: {db_path} (or SQLite's temporary files) could not be written: the system refused the write "
              f"({exc}: a file-size limit or quota reached, or a failing disk); nothing was changed: fix that and run "
              "the command again", file=sys.stderr)
        return EXIT_ERROR
    return _unexpected(exc, debug)


def _unexpected(exc: Exception, debug: bool) -> int:
    print(f"unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
    if debug:
        traceback.print_exc()
    else:
        print("(run again with --debug for details)", file=sys.stderr)
    return EXIT_ERROR


def _guarded(args: argparse.Namespace, debug: bool) -> int:
    import sqlite3

    from desktop_app.core.numbers import StoredValueError
    from desktop_app.cli.problems import problems_line
    from desktop_app.services.errors import EntryRejected, Rejected, UserFacingError
    from desktop_app.storage.cipher import PasswordProblem
    from desktop_app.storage.sqlite_repository import DatabaseDamaged, NotOurDatabase, StoreError

    try:
        return _run(args)
    except EntryRejected as exc:  # one entry's fields, named by this command's flags
        entry = COMMANDS[args.command]
        print(f"error: {problems_line(exc.errors, args, entry.fields, entry.words)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Rejected as exc:  # a file's rows
        for error in exc.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{exc}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DatabaseDamaged as exc:
        return _damaged(args, exc.path, exc.problem)
    except NotOurDatabase as exc:
        print(f"error: {exc}", file=sys.stderr)
        from desktop_app.paths import resolve_db_path

        for line in _restore_hint(args, resolve_db_path(getattr(args, "db", None)), damaged=False):
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (UserFacingError, StoreError, BadInput, PasswordProblem) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except StoredValueError as exc:
        print(f"error: the database is damaged: {exc}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        return EXIT_ERROR
    except sqlite3.DatabaseError as exc:
        return _sqlite_error(args, exc, debug)
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        return _unexpected(exc, debug)
