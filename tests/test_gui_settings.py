"""Settings, offscreen: the dialog, the machine's choices (colours, language) and
the ledger's own (base currency, cost method, staleness), shared with the
command line."""

from __future__ import annotations

from desktop_app import cli
from desktop_app.ui.dialogs.settings import SettingsDialog


def test_settings_dialog_validates_and_saves(qtbot, settings):
    dialog = SettingsDialog(settings, "en")
    qtbot.addWidget(dialog)
    dialog.base.setCurrentText("HKX")
    dialog._accept()
    assert "Base currency" in dialog.error.text() and settings.base_currency == "HKD"
    dialog.base.setCurrentText("usd")
    dialog.listed_days.setValue(3)
    dialog._accept()
    assert settings.base_currency == "USD" and settings.staleness.listed_days == 3


def test_colour_convention_follows_the_language_unless_chosen(settings):
    assert settings.colour_convention("zh_CN") == "red_up"
    assert settings.colour_convention("en") == "green_up"
    settings.set_colour_convention("red_up")
    assert settings.colour_convention("en") == "red_up"


def test_saved_settings_reach_the_command_line(demo_db, make_window, qtbot, monkeypatch, capsys):
    import json

    window = make_window()

    def save(dialog):
        dialog.base.setCurrentText("USD")
        dialog._accept()
        return True

    monkeypatch.setattr(window, "exec_dialog", save)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    assert cli.main(["--db", str(demo_db), "report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["base_currency"] == "USD"


def test_the_window_values_a_ledger_with_its_own_settings(demo_db, make_window, settings, capsys):
    """Base currency, cost method and staleness belong to the ledger: what the
    command line set is what the window shows, and the dialog then offers it."""
    assert cli.main(["--db", str(demo_db), "settings", "--base", "USD", "--cost-method", "average"]) == 0
    capsys.readouterr()
    settings.base_currency = "CNY"  # the window's own choice, for ledgers without one
    window = make_window()
    assert window.snapshot.report.base_currency == "USD" and window.overview.total_value.text().startswith("US$")
    assert (settings.base_currency, settings.cost_method.value) == ("USD", "average")


def test_a_ledger_without_settings_takes_the_windows_and_stays_unwritten(demo_db, make_window, settings):
    import sqlite3

    settings.base_currency = "USD"
    window = make_window()
    assert window.snapshot.report.base_currency == "USD"
    window.db_tasks.wait()
    with sqlite3.connect(demo_db) as conn:
        # The demo stores one setting of its own since issue 15: its employee's tax regime.
        assert conn.execute("SELECT key, value FROM settings").fetchall() == [("tax_regime", "prc")]


def stored_settings(db):
    import sqlite3

    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, value FROM settings"))


def save_only_the_language(dialog):
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog._accept()
    return True


def test_a_dialog_save_keeps_a_ledger_setting_changed_elsewhere(demo_db, make_window, qtbot, monkeypatch, capsys):
    """The command line changes the ledger while the window is open; saving the
    dialog for the language alone must not write the window's old values back.
    Keys the ledger never stored take the window's values (what it showed)."""
    window = make_window()  # valued in HKD, FIFO: the ledger stores nothing yet
    assert cli.main(["--db", str(demo_db), "settings", "--base", "USD", "--listed-stale-days", "1000"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(window, "exec_dialog", save_only_the_language)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    assert stored_settings(demo_db) == {"base_currency": "USD", "listed_stale_days": "1000",
                                        "cost_method": "fifo", "private_stale_days": "180",
                                        "tax_regime": "prc"}  # the demo's own (issue 15)
    assert window.snapshot.report.base_currency == "USD"
    # A second save with nothing changed writes nothing, and 1000 days is not clamped by the dialog.
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.open_settings()
    window.db_tasks.wait()
    assert stored_settings(demo_db)["listed_stale_days"] == "1000"


def test_a_read_only_window_shows_the_ledger_settings_locked(demo_db, make_window, settings, qtbot, monkeypatch,
                                                              capsys):
    from desktop_app.ui.dialogs.settings import SettingsDialog

    assert cli.main(["--db", str(demo_db), "settings", "--base", "USD"]) == 0
    capsys.readouterr()
    make_window()
    second = make_window()
    assert second.read_only and settings.base_currency == "USD"
    seen = {}

    def save(dialog):
        seen["locked"] = not dialog.base.isEnabled() and not dialog.cost_method.isEnabled()
        seen["note"] = not dialog.findChild(object, "settingsLockedNote").isHidden()
        dialog.base.setCurrentText("CNY")  # even if it got there, it is not taken
        return save_only_the_language(dialog)

    monkeypatch.setattr(second, "exec_dialog", save)
    with qtbot.waitSignal(second.loaded, timeout=10000):
        second.open_settings()
    assert seen == {"locked": True, "note": True}
    assert settings.base_currency == "USD" and stored_settings(demo_db) == {"base_currency": "USD",
                                                                              "tax_regime": "prc"}  # the demo's
    unlocked = SettingsDialog(settings, "en")
    assert unlocked.findChild(object, "settingsLockedNote").isHidden() and unlocked.base.isEnabled()
