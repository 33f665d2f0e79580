"""A damaged ledger is called damaged, not foreign, and the user is sent to its
newest good backup (issue 11, item 4): the command line and the window, in
the chosen language. Split from ``test_safety.py``."""

import sqlite3

import pytest

from desktop_app import cli
from desktop_app.storage import migrations
from desktop_app.storage.safety import latest_good_backup, list_backups
from desktop_app.storage.sqlite_repository import DatabaseDamaged, SqliteRepository
from tests.conftest import csv_bytes, one_buy_ledger
from tests.conftest import file_digest as digest


@pytest.fixture
def ledger(db_path, tmp_path):
    return one_buy_ledger(db_path, tmp_path)


# -- damaged is not foreign (issue 11, item 4) ------------------------------------------------------


def _page_size(path):
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


def _garbage(data, start, end):
    data[start:end] = bytes((7 * i + 13) % 251 for i in range(end - start))
    return data


DAMAGES = {
    "truncated to half": lambda data, page: data[: len(data) // 2],
    "truncated inside the header": lambda data, page: data[:50],
    "truncated to nothing": lambda data, page: data[:0],
    "page 1 overwritten after the header": lambda data, page: _garbage(data, 100, page),
    "pages 2 onwards overwritten": lambda data, page: _garbage(data, page, len(data)),
}


@pytest.fixture
def grown_ledger(ledger, tmp_path):
    """A ledger with a good backup (one transaction) and a second transaction
    since: enough pages to damage."""
    SqliteRepository(ledger).close()  # the day's backup
    tx = tmp_path / "more.csv"
    tx.write_bytes(csv_bytes(*(f"2026-01-{d:02d},buy,0100,,listed,{d},165,HKD,,,note {d}" for d in range(9, 29))))
    assert cli.main(["--db", str(ledger), "import-transactions", str(tx)]) == 0
    return ledger


@pytest.mark.parametrize("damage", list(DAMAGES))
@pytest.mark.parametrize("with_db_flag", [True, False])
def test_a_damaged_ledger_is_called_damaged_and_the_cli_names_the_backup_and_the_command(
        grown_ledger, capsys, monkeypatch, damage, with_db_flag):
    import shlex

    ledger = grown_ledger
    page = _page_size(ledger)
    ledger.write_bytes(bytes(DAMAGES[damage](bytearray(ledger.read_bytes()), page)))
    before = digest(ledger)
    good = latest_good_backup(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    assert good is not None
    if with_db_flag:
        argv = ["--db", str(ledger)]
    else:
        monkeypatch.setenv("PAPERWEALTH_DB", str(ledger))
        argv = []
    for command in ("report", "check"):
        assert cli.main([*argv, command]) == 2, command
        err = capsys.readouterr().err
        assert "is damaged" in err and "not a Paper Wealth database" not in err and "unexpected" not in err
        assert digest(ledger) == before
        assert good.name in err
        (line,) = [ln.strip() for ln in err.splitlines() if ln.strip().startswith("paperwealth-cli")]
        expected = ["paperwealth-cli", *argv, "restore", str(good)]
        assert shlex.split(line) == expected
    # The printed command works as printed.
    assert cli.main(shlex.split(line)[1:]) == 0
    with SqliteRepository(ledger, check_integrity=True) as repo:
        assert repo.transactions.count() == 1
    (kept,) = [b for b in list_backups(ledger) if b.reason == "replaced"]
    assert digest(kept.path) == before  # the damaged file is kept


def test_a_damaged_ledger_without_a_good_backup_says_so(ledger, capsys):
    ledger.write_bytes(ledger.read_bytes()[:3000])
    assert cli.main(["--db", str(ledger), "report"]) == 2
    err = capsys.readouterr().err
    assert "is damaged" in err and "no backup" in err.lower() and "restore" not in err.split("\n")[-2]


def test_a_foreign_file_is_still_foreign(tmp_path, capsys):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    text = tmp_path / "notes.sqlite3"
    text.write_bytes("账面财富".encode() * 500)
    for path in (other, text):
        before = digest(path)
        assert cli.main(["--db", str(path), "report"]) == 2
        err = capsys.readouterr().err
        assert "not a Paper Wealth database" in err and "damaged" not in err and "restore" not in err
        assert digest(path) == before


def test_a_ledger_overwritten_by_another_file_points_to_its_good_backup(ledger, capsys):
    """Not SQLite from byte 0 is foreign; but a foreign file that has good
    backups of a Paper Wealth ledger beside it was most likely that ledger
    (overwritten by an export, say): the backup is named as well."""
    SqliteRepository(ledger).close()
    ledger.write_text("symbol,name\n2513.HK,Zhipu\n", encoding="utf-8")
    assert cli.main(["--db", str(ledger), "report"]) == 2
    err = capsys.readouterr().err
    assert "not a Paper Wealth database" in err
    good = latest_good_backup(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    assert good.name in err and f"restore {good}" in err


@pytest.mark.parametrize("damage", ["truncated to half", "page 1 overwritten after the header"])
def test_the_window_offers_the_newest_good_backup_of_a_damaged_ledger(grown_ledger, monkeypatch, qapp, damage):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app import gui_main
    from desktop_app.storage.sqlite_repository import StoreError
    from desktop_app.ui.text.i18n import install_translator

    install_translator("en")  # whatever an earlier test left installed
    ledger = grown_ledger
    ledger.write_bytes(bytes(DAMAGES[damage](bytearray(ledger.read_bytes()), _page_size(ledger))))
    damaged = digest(ledger)
    with pytest.raises(StoreError) as caught:
        SqliteRepository(ledger, check_integrity=True)
    assert isinstance(caught.value, DatabaseDamaged)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text: (
        asked.append(text), QMessageBox.StandardButton.Yes)[1])
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"no backup offered: {a}"))
    good = latest_good_backup(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    assert gui_main.offer_restore(ledger, caught.value)
    assert good.name in asked[0] and "damaged" in asked[0]
    with SqliteRepository(ledger, check_integrity=True) as repo:
        assert repo.transactions.count() == 1
    assert digest([b for b in list_backups(ledger) if b.reason == "replaced"][0].path) == damaged


def test_the_window_offers_a_backup_for_a_ledger_overwritten_by_another_file_in_chinese(ledger, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app import gui_main
    from desktop_app.storage.sqlite_repository import NotOurDatabase
    from desktop_app.ui.text.i18n import install_translator

    SqliteRepository(ledger).close()  # the day's backup
    ledger.write_text("symbol,name\n2513.HK,Zhipu\n", encoding="utf-8")
    with pytest.raises(NotOurDatabase) as caught:
        SqliteRepository(ledger, check_integrity=True)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text: (
        asked.append(text), QMessageBox.StandardButton.No)[1])
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: asked.append(text))
    install_translator("zh_CN")
    try:
        assert not gui_main.offer_restore(ledger, caught.value)  # declined: nothing changes
    finally:
        install_translator("en")
    good = latest_good_backup(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    assert good.name in asked[0] and "备份" in asked[0]
    assert ledger.read_text(encoding="utf-8").startswith("symbol,name")


def test_a_damaged_page_met_while_reading_is_reported_as_damage_not_an_unexpected_error(grown_ledger, capsys):
    """The header and schema are sound (the open succeeds, and the CLI does
    not run the integrity check on every command); the transactions table's
    own page is garbage: the read fails in the middle of the command."""
    ledger = grown_ledger
    page = _page_size(ledger)
    conn = sqlite3.connect(ledger)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'transactions'").fetchone()
    conn.close()
    data = bytearray(ledger.read_bytes())
    ledger.write_bytes(bytes(_garbage(data, (root - 1) * page, root * page)))
    before = digest(ledger)
    assert cli.main(["--db", str(ledger), "export-transactions", "-"]) == 2
    err = capsys.readouterr().err
    assert "is damaged" in err and "unexpected" not in err and f"--db {ledger} restore" in err
    assert digest(ledger) == before


def test_the_app_offers_the_backup_of_a_damaged_ledger_in_the_chosen_language(grown_ledger, monkeypatch, qapp):
    import gc

    from PySide6.QtWidgets import QMessageBox

    from desktop_app import gui_main
    from desktop_app.ui.text.i18n import install_translator

    ledger = grown_ledger
    ledger.write_bytes(ledger.read_bytes()[:20000])
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text: (
        asked.append(text), QMessageBox.StandardButton.No)[1])
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: asked.append(text))
    try:
        assert gui_main.main(["--db", str(ledger), "--lang", "zh_TW"]) == 2  # declined
    finally:
        gc.enable()  # main() defers the collector until its first paint
        install_translator("en")
    good = latest_good_backup(ledger, migrations.APPLICATION_ID, migrations.SCHEMA_VERSION)
    assert len(asked) == 1 and good.name in asked[0] and "已損壞" in asked[0]


def test_the_window_restores_through_the_same_checked_restore(ledger, make_window, qtbot, monkeypatch, tmp_path):
    """The window's Restore is the service's: a file that fails its check
    changes nothing and says why; a good backup replaces the ledger, and what
    it replaced is kept."""
    good = tmp_path / "good.sqlite3"
    assert cli.main(["--db", str(ledger), "backup", str(good)]) == 0
    tx = tmp_path / "more.csv"
    tx.write_bytes(csv_bytes("2026-01-09,buy,2513,,listed,50,120,HKD,,,"))
    assert cli.main(["--db", str(ledger), "import-transactions", str(tx)]) == 0
    window = make_window()
    seen: list[str] = []
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    monkeypatch.setattr(window, "inform", lambda title, text: seen.append(text))
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    window.files.restore_backup(str(junk))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[0].startswith("Not restored: the file failed its check (")
    with SqliteRepository(ledger) as repo:
        assert repo.transactions.count() == 2
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.files.restore_backup(str(good))
    assert "Restored from good.sqlite3" in window.statusBar().currentMessage()
    with SqliteRepository(ledger) as repo:
        assert repo.transactions.count() == 1
    assert [b.reason for b in list_backups(ledger)].count("replaced") == 1


def test_a_damaged_ledger_with_no_backups_folder_does_not_send_the_user_to_one(ledger, capsys):
    import shutil

    from desktop_app.services.backups import backups_folder

    folder = backups_folder(ledger)
    if folder.exists():  # a ledger copied somewhere new, damaged: no backup was ever taken beside it
        shutil.rmtree(folder)
    ledger.write_bytes(ledger.read_bytes()[:3000])
    assert cli.main(["--db", str(ledger), "report"]) == 2
    err = capsys.readouterr().err
    assert "is damaged" in err and f"There is no backup of it: no backups folder exists at {folder}." in err
    assert "passes its check" not in err and not folder.exists()


def test_a_damaged_ledger_whose_backups_are_all_bad_names_the_folder(ledger, capsys):
    from desktop_app.services.backups import backups_folder

    folder = backups_folder(ledger)
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.write_bytes(b"not a ledger")
    ledger.write_bytes(ledger.read_bytes()[:3000])
    assert cli.main(["--db", str(ledger), "report"]) == 2
    err = capsys.readouterr().err
    assert f"No backup of it passes its check (backups folder: {folder})." in err


@pytest.mark.parametrize("folder_exists", [True, False])
def test_the_window_names_the_backups_folder_only_when_there_is_one(ledger, monkeypatch, qapp, folder_exists):
    import shutil

    from PySide6.QtWidgets import QMessageBox

    from desktop_app import gui_main
    from desktop_app.services.backups import backups_folder

    folder = backups_folder(ledger)
    if folder.exists():
        shutil.rmtree(folder)
    if folder_exists:
        folder.mkdir()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert not gui_main.offer_restore(ledger, DatabaseDamaged(ledger, "database disk image is malformed"))
    (text,) = shown
    if folder_exists:
        assert f"No backup of it passes its check (backups folder: {folder})." in text
    else:
        assert f"There is no backup of it: no backups folder exists at {folder}." in text
        assert "passes its check" not in text

