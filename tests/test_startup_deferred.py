"""What the first paint does not need is not loaded for it (issue 13): the undo
commands (eight dataclasses) load when the first is made, the password and
keychain services when the Security dialog or a restore asks, and hashlib
(OpenSSL's libcrypto, ~7 ms of CPU) with the digests' modules when a write, an
import or a password needs them; and then they work as before
(tests/test_gui_undo*.py, test_gui_password.py, test_source_keys.py, test_encryption.py)."""

from __future__ import annotations

import json
import subprocess
import sys

DEFERRED = ("desktop_app.ui.shell.undo", "desktop_app.services.protection", "desktop_app.services.keychain",
            "hashlib", "_hashlib", "desktop_app.input.brokers.common", "desktop_app.storage.import_stage")


def test_the_first_paint_loads_neither_undo_commands_nor_password_services_nor_hashlib(demo_db):
    code = (
        "import sys, json\n"
        "from desktop_app import gui_main\n"
        f"rc = gui_main.main(['--db', {str(demo_db)!r}, '--smoke-test'])\n"
        "print(json.dumps([rc, sorted(sys.modules)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    rc, modules = json.loads(out.splitlines()[-1])
    assert rc == 0
    assert "desktop_app.ui.shell.undo_stack" in modules and "desktop_app.ui.shell.main_window" in modules
    assert not set(DEFERRED) & set(modules)


def test_the_stack_renumbers_and_reports_through_the_commands():
    from desktop_app.ui.shell.undo import RemoveAddedTransaction, RestoreDeletedTransaction, RestoreSettings, UndoStack
    from desktop_app.ui.shell.undo_stack import UndoStack as Stack

    assert UndoStack is Stack  # still importable where it was
    stack = UndoStack()
    older = RemoveAddedTransaction("add", 7)
    restored = RestoreDeletedTransaction("delete", {"symbol": "0700.HK"}, 7)
    stack.push(older)
    stack.undone(restored, 12)  # transaction 7 came back as 12: the older entry follows it
    assert stack.top() == RemoveAddedTransaction("add", 12)
    stack.undone(restored, None)  # nothing re-created: nothing renumbered
    assert stack.top() == RemoveAddedTransaction("add", 12)
    kept: list[tuple[str, ...]] = []
    stack.undone(RestoreSettings("settings", (("base_currency", "HKD"),), kept.append), ["base_currency"])
    stack.undone(RestoreSettings("settings", ()), ["cost_method"])  # no callback: nothing to call
    assert kept == [("base_currency",)]
    stack.undone(older, None)  # a command with nothing to do once undone
    assert len(stack) == 1
