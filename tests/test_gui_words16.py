"""fix16's new window words in Chinese: the settings undo that keeps what
the command line changed, the refused undo of a transaction changed since,
and the import wizard's mapping step while it reads."""

from __future__ import annotations

import re

from desktop_app import cli
from tests.test_gui_settings_ledger import fill
from tests.test_gui_undo_changed import OTHER, _add_in_the_window, _other_program, _undo_refused

ENGLISH = re.compile(r"[A-Za-z]{4,}")


def test_the_settings_undo_names_what_it_kept_in_chinese(demo_db, make_window, qtbot, monkeypatch, capsys):
    window = make_window(language="zh_CN")
    run, _seen = fill(qtbot, benchmarks="^HSI")
    monkeypatch.setattr(window, "exec_dialog", run)
    told = []
    monkeypatch.setattr(window, "inform", lambda title, text: told.append(text))
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    assert cli.main(["--db", str(demo_db), "settings", "--benchmarks", "HSTECH.HK"]) == 0
    capsys.readouterr()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    assert told == ["已撤销；但在本窗口保存之后，另一个程序又更改了以下设置，它们保留较新的值：比较基准"]  # Benchmarks: 比较基准


def test_a_refused_undo_of_a_changed_transaction_in_chinese(demo_db, make_window, qtbot, monkeypatch):
    window = make_window(language="zh_TW")
    tx_id = _add_in_the_window(window, qtbot, monkeypatch)
    repo, other = _other_program(demo_db)
    with repo:
        other.ledger.delete_transaction(tx_id)
        assert int(other.ledger.add_transaction(OTHER)) == tx_id
    (text,) = _undo_refused(window, qtbot, monkeypatch)
    assert text == "該交易此後已被（另一個程式）更改：保留其較新的值，未復原任何內容"
    assert not ENGLISH.search(text)
