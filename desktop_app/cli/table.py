"""The command table: each command is one function plus its flags, in one place.

To add a command, write ``@command("name", "help", arg(...), ...)`` over a
function that takes a ``Call`` and returns an exit code (or None for 0); the
parser and the dispatcher in ``desktop_app.cli`` loop over this table.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.cli.problems import Words

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT, EXIT_REFRESH_FAILED = 0, 1, 2, 3


class BadInput(Exception):
    """Bad input or usage found by the command line itself (exit 2)."""


@dataclass(frozen=True, slots=True)
class Flag:
    """One ``add_argument`` call: its names and keywords, as given."""

    names: tuple[str, ...]
    options: dict[str, Any]


def arg(*names: str, **options: Any) -> Flag:
    return Flag(names, options)


@dataclass
class Call:
    """What a command gets: its parsed arguments and, unless it works on the
    file itself (restore), the open ledger and its service."""

    args: argparse.Namespace
    db_path: Path
    repo: Any = None  # a SqliteRepository
    service: Any = None  # a Portfolio

    @property
    def private(self):
        """The private-holdings service over the same ledger."""
        return self.service.private


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    run: Callable[[Call], int | None]
    flags: tuple[Flag, ...]
    # Commands that only read the ledger: on a path where none exists they say so
    # and create nothing (a typo in --db must not look like an empty ledger).
    reads: bool | Callable[[argparse.Namespace], bool] = False
    opens_ledger: bool = True  # False: the command works on the file itself (restore)
    check_integrity: bool = False  # run SQLite's full integrity check on open
    # A refused entry's fields as this command names them (``cli.problems``):
    # {"symbol": "SYMBOL"}; a field not listed is "--" + its name with dashes.
    fields: Mapping[str, str] = field(default_factory=dict)
    words: Words | None = None  # words some problems itself (hints naming flags or commands)

    def only_reads(self, args: argparse.Namespace) -> bool:
        return self.reads(args) if callable(self.reads) else self.reads

    def add_to(self, sub, common: argparse.ArgumentParser) -> None:
        parser = sub.add_parser(self.name, parents=[common], help=self.help)
        for flag in self.flags:
            parser.add_argument(*flag.names, **flag.options)


COMMANDS: dict[str, Command] = {}  # in the order of the help text


def command(name: str, help: str, *flags: Flag, reads: bool | Callable[[argparse.Namespace], bool] = False,
            opens_ledger: bool = True, check_integrity: bool = False, fields: Mapping[str, str] | None = None,
            words: Words | None = None):
    """Register the decorated function as the command ``name``."""

    def register(run: Callable[[Call], int | None]) -> Callable[[Call], int | None]:
        if name in COMMANDS:
            raise ValueError(f"command {name} is registered twice")
        COMMANDS[name] = Command(name, help, run, flags, reads, opens_ledger, check_integrity, dict(fields or {}),
                                 words)
        return run

    return register
