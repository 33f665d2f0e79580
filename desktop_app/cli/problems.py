"""A refused entry's problems in the command line's words.

The services name the field at fault (``as_of``, ``grant_id``); a command
names it by its flag or positional (``--as-of``, ``GRANT_ID``). Each
command's table entry says how its fields map where the flag is not simply
``--`` + the field with dashes, and may word some problems itself (a hint
that names another command or a flag)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping

from desktop_app.input.csv_formats import RowError

Words = Callable[[RowError, argparse.Namespace], "str | None"]


def flag_of(field: str, flags: Mapping[str, str]) -> str:
    """``flags[field]``, else ``--`` and the field with dashes: ``cost_method`` → ``--cost-method``."""
    return flags.get(field) or "--" + field.replace("_", "-")


def worded(problem: RowError, args: argparse.Namespace, flags: Mapping[str, str], words: Words | None = None) -> str:
    """``FLAG: message``, or the message alone for a problem of no one field."""
    special = words(problem, args) if words is not None else None
    if special is not None:
        return special
    return f"{flag_of(problem.column, flags)}: {problem.message}" if problem.column else problem.message


def problems_line(problems: list[RowError], args: argparse.Namespace, flags: Mapping[str, str],
                  words: Words | None = None) -> str:
    """Every problem on one line, "; " between them (what ``error:`` prints)."""
    return "; ".join(worded(p, args, flags, words) for p in problems)
