"""The window's undo stack: what the first paint needs of undo. The commands
(``ui.shell.undo``, eight dataclasses) are loaded when the first is made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Undoable(Protocol):
    """What the stack asks of a command (``ui.shell.undo.UndoCommand``)."""

    label: str

    def renumbered(self, old_id: int, new_id: int) -> Undoable: ...

    def undone(self, stack: UndoStack, result) -> None: ...


class UndoStack:
    def __init__(self) -> None:
        self._commands: list[Undoable] = []

    def __bool__(self) -> bool:
        return bool(self._commands)

    def __len__(self) -> int:
        return len(self._commands)

    def push(self, command: Undoable) -> None:
        self._commands.append(command)

    def pop(self) -> Undoable:
        return self._commands.pop()

    def top(self) -> Undoable | None:
        return self._commands[-1] if self._commands else None

    def refused(self, command: Undoable, then: Callable[[BaseException], None]
                ) -> Callable[[BaseException], None]:
        """The error callback of undoing ``command`` (just popped): refused, it
        changed nothing, so it goes back where it was (still undoable), then
        ``then(error)`` (the window says why)."""
        depth = len(self._commands)

        def failed(error: BaseException) -> None:
            self._commands.insert(min(depth, len(self._commands)), command)
            then(error)

        return failed

    def undone(self, command: Undoable, result) -> None:
        """``command`` has been undone: a deleted transaction that came back
        under a new id takes the older entries that named it along."""
        command.undone(self, result)

    def renumber(self, old_id: int, new_id: int) -> None:
        self._commands = [c.renumbered(old_id, new_id) for c in self._commands]
