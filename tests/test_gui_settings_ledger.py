"""Settings › the ledger's benchmarks (issue 16) and tax regime, rate and
other income (issue 15): shown from the ledger, checked as the command line
checks them, stored in the ledger (the CLI sees them), undoable."""

from __future__ import annotations

import json

from desktop_app import cli


def cli_settings(db, capsys) -> dict:
    assert cli.main(["--db", str(db), "settings", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def fill(qtbot, **texts):
    """An ``exec_dialog`` that waits for the ledger's rows, types ``texts``
    (benchmarks, tax_rate, tax_other_income: text; tax_regime: a code), saves."""
    seen = {}

    def run(dialog):
        qtbot.waitUntil(lambda: dialog.choices is not None, timeout=10000)
        seen["shown"] = (dialog.benchmarks.text(), dialog.tax_regime.currentData(), dialog.tax_rate.text(),
                         dialog.tax_other_income.text())
        for name, value in texts.items():
            widget = getattr(dialog, name)
            if name == "tax_regime":
                widget.setCurrentIndex(widget.findData(value))
            else:
                widget.setText(value)
        dialog._accept()
        seen["error"] = dialog.error.text()
        return dialog.result() == 1

    return run, seen


def test_the_dialog_shows_the_ledgers_benchmarks_and_tax_and_saves_them_for_the_cli(
        demo_db, make_window, qtbot, monkeypatch, capsys):
    assert cli.main(["--db", str(demo_db), "settings", "--benchmarks", "^HSI", "--tax-other-income",
                     "120000"]) == 0
    capsys.readouterr()
    window = make_window()
    run, seen = fill(qtbot, benchmarks="hstech.hk, ^hsi,HSTECH.HK", tax_regime="hk", tax_other_income="250000.50")
    monkeypatch.setattr(window, "exec_dialog", run)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    # What the ledger held: the demo's prc regime (issue 15), no rate, the income the CLI set.
    assert seen == {"shown": ("^HSI", "prc", "", "120000"), "error": ""}
    stored = cli_settings(demo_db, capsys)
    # Upper-cased, kept in the order typed, the repeat dropped (as `settings --benchmarks` stores them).
    assert stored["benchmarks"] == ["HSTECH.HK", "^HSI"]
    assert (stored["tax_regime"], stored["tax_rate"], stored["tax_other_income"]) == ("hk", None, "250000.50")
    assert window.undo_action.isEnabled() and "settings change" in window.undo_action.text()


def test_undo_puts_back_what_the_ledger_held(demo_db, make_window, qtbot, monkeypatch, capsys):
    window = make_window()
    run, _seen = fill(qtbot, benchmarks="^HSI", tax_regime="flat", tax_rate="22.5")
    monkeypatch.setattr(window, "exec_dialog", run)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    after = cli_settings(demo_db, capsys)
    assert (after["benchmarks"], after["tax_regime"], after["tax_rate"]) == (["^HSI"], "flat", "22.5")
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    back = cli_settings(demo_db, capsys)
    # The default benchmarks, the demo's prc, and no rate at all: never stored, so removed again.
    assert (back["benchmarks"], back["tax_regime"], back["tax_rate"], back["tax_other_income"]) == (
        ["^HSI", "HSTECH.HK"], "prc", None, "0.00")
    from tests.test_gui_settings import stored_settings

    assert "benchmarks" not in stored_settings(demo_db) and "tax_rate" not in stored_settings(demo_db)


def test_undo_of_a_save_with_the_base_currency_puts_it_back_too(demo_db, make_window, qtbot, monkeypatch, capsys,
                                                                  settings):
    # One save: base HKD -> USD and the benchmarks. "Undo settings change" must
    # put back both, and the window (reloaded) values in HKD again.
    window = make_window()
    run, _seen = fill(qtbot, benchmarks="^HSI")

    def also_base(dialog):
        dialog.base.setCurrentText("USD")
        return run(dialog)

    monkeypatch.setattr(window, "exec_dialog", also_base)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    after = cli_settings(demo_db, capsys)
    assert (after["base_currency"], after["benchmarks"]) == ("USD", ["^HSI"]) and settings.base_currency == "USD"
    assert "settings change" in window.undo_action.text()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    back = cli_settings(demo_db, capsys)
    assert (back["base_currency"], back["benchmarks"]) == ("HKD", ["^HSI", "HSTECH.HK"])
    assert settings.base_currency == "HKD" and not window.undo_action.isEnabled()


def test_bad_values_are_named_and_nothing_is_saved(demo_db, make_window, qtbot, monkeypatch, capsys, settings):
    from tests.test_gui_settings import stored_settings

    window = make_window()
    before = stored_settings(demo_db)
    cases = [
        ({"benchmarks": "^HSI,,HSTECH.HK"}, "Benchmarks"),
        ({"benchmarks": "^HSI,BAD SYMBOL"}, "Benchmarks"),
        ({"benchmarks": ",".join(f"S{i}" for i in range(11))}, "Benchmarks"),
        ({"tax_regime": "flat", "tax_rate": ""}, "Your tax rate (%)"),
        ({"tax_rate": "150"}, "Your tax rate (%)"),
        ({"tax_rate": "abc"}, "Your tax rate (%)"),
        ({"tax_other_income": "-5"}, "Other income (HKD)"),
    ]
    for texts, label in cases:
        run, seen = fill(qtbot, **texts)

        def also_base(dialog, run=run):
            dialog.base.setCurrentText("USD")  # a valid change beside the bad one: not taken either
            return run(dialog)

        monkeypatch.setattr(window, "exec_dialog", also_base)
        window.open_settings()
        window.db_tasks.wait()
        assert seen["error"].startswith(label + ":"), (texts, seen["error"])
        assert stored_settings(demo_db) == before and settings.base_currency == "HKD"


def test_a_read_only_window_shows_them_locked(demo_db, make_window, qtbot, monkeypatch):
    make_window()
    second = make_window()
    assert second.read_only
    seen = {}

    def look(dialog):
        qtbot.waitUntil(lambda: dialog.choices is not None, timeout=10000)
        seen["enabled"] = [w.isEnabled() for w in (dialog.benchmarks, dialog.tax_regime, dialog.tax_rate,
                                                   dialog.tax_other_income)]
        seen["regime"] = dialog.tax_regime.currentData()
        return False

    monkeypatch.setattr(second, "exec_dialog", look)
    second.open_settings()
    assert seen == {"enabled": [False] * 4, "regime": "prc"}


def test_the_chinese_window_names_the_row_at_fault_in_chinese(demo_db, make_window, qtbot, monkeypatch):
    import re

    window = make_window(language="zh_CN")
    for texts in ({"benchmarks": "^HSI,,HSTECH.HK"}, {"tax_regime": "flat", "tax_rate": ""},
                  {"tax_rate": "150"}, {"benchmarks": ",".join(f"S{i}" for i in range(11))}):
        run, seen = fill(qtbot, **texts)
        monkeypatch.setattr(window, "exec_dialog", run)
        window.open_settings()
        window.db_tasks.wait()
        assert re.search(r"[\u4e00-\u9fff]", seen["error"]), seen
        assert not re.search(r"[a-z]{3,} [a-z]{3,}", seen["error"]), seen


def test_undo_keeps_what_the_cli_changed_since_the_save_and_says_so(demo_db, make_window, qtbot, monkeypatch,
                                                                    capsys):
    # The window saves benchmarks ^HSI and the flat regime at 22.5%; then the CLI sets the
    # benchmarks to HSTECH.HK. Undo puts the regime and rate back (the demo's prc, no rate)
    # and keeps the CLI's benchmarks, and the window names them.
    window = make_window()
    run, _seen = fill(qtbot, benchmarks="^HSI", tax_regime="flat", tax_rate="22.5")
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
    back = cli_settings(demo_db, capsys)
    assert (back["benchmarks"], back["tax_regime"], back["tax_rate"]) == (["HSTECH.HK"], "prc", None)
    assert len(told) == 1 and "another program" in told[0] and told[0].endswith(": Benchmarks")
