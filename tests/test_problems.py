"""Services speak in domain terms (issue 12): a refused input is a list of
problems, each naming the field (``as_of``, ``quantity``, ``grant_id``) and
never a command-line flag; the CLI names the flag, the window the field's
translated label."""

from __future__ import annotations

import re

import pytest

from desktop_app import cli
from desktop_app.services.errors import EntryRejected
from desktop_app.services.private_holdings import PrivateHoldingsService
from tests.conftest import TODAY, csv_bytes

FLAG = re.compile(r"--[a-z]|\b(SYMBOL|GRANT_ID|FROM|TO|RATE|PCT|DAYS)\b|paperwealth-cli")


def _problems(call) -> list:
    with pytest.raises(EntryRejected) as caught:
        call()
    problems = caught.value.errors
    for p in problems:
        assert not FLAG.search(p.message) and not FLAG.search(p.column), p
    return problems


def test_a_service_names_the_field_at_fault_never_a_flag(service):
    assert [(p.column, p.code) for p in _problems(lambda: service.reports.report(
        as_of="2026-13-01", base="hk", cost_method="lifo"))] == [
        ("as_of", "date_invalid"), ("base_currency", "currency"), ("cost_method", "choice")]
    assert [p.column for p in _problems(lambda: service.settings.update_settings(listed_stale_days="0"))] == [
        "listed_stale_days"]
    assert [p.column for p in _problems(lambda: service.settings.set_fx("USD", "usd", "7"))] == ["to_currency"]
    assert [p.column for p in _problems(lambda: service.reports.price_history("bad sym", "x"))] == [
        "symbol", "from_date"]
    private = PrivateHoldingsService(service)
    problems = _problems(lambda: private.exercise("NOPE", date="x", quantity="0"))
    assert [(p.column, p.code) for p in problems] == [("date", "date_format"), ("quantity", "not_positive"),
                                                      ("grant_id", "no_grant")]
    assert [p.column for p in _problems(lambda: private.set_discount("NOPE", "100"))] == ["discount_pct", "symbol"]


def test_a_rate_far_from_the_stored_one_is_a_problem_with_its_codes(service):
    service.settings.set_fx("USD", "HKD", "7.78", "2025-01-02")
    (problem,) = _problems(lambda: service.settings.set_fx("USD", "HKD", "0.128"))
    assert (problem.column, problem.code, problem.params[-1]) == ("rate", "fx_inverse", "7.8125")


def test_a_row_already_imported_is_skipped_and_counted_not_refused(service, tmp_path, capsys):
    # Issue 14 replaced the refusal of a file imported twice: its rows are counted as already there.
    data = csv_bytes("2026-01-08,buy,2513,,listed,100,1,HKD,,,")
    service.ledger.import_transactions(data)
    assert service.ledger.import_transactions(data).existing == 1
    db, file = tmp_path / "cli.sqlite3", tmp_path / "tx.csv"
    file.write_bytes(data)
    assert cli.main(["--db", str(db), "import-transactions", str(file)]) == 0
    assert cli.main(["--db", str(db), "import-transactions", str(file)]) == 0
    assert "0 new, 1 already in the ledger" in capsys.readouterr().out


def test_the_cli_still_names_each_flag(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite3")
    assert cli.main(["--db", db, "demo"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "report", "--as-of", "x", "--base", "hk"]) == 2
    assert capsys.readouterr().err.startswith("error: --as-of: 'x' is not a date in the form YYYY-MM-DD; --base: ")
    assert cli.main(["--db", db, "exercise", "NOPE", "--date", "2025-06-01", "--quantity", "1"]) == 2
    assert capsys.readouterr().err == "error: GRANT_ID: no grant named NOPE\n"
    assert cli.main(["--db", db, "settings", "--base", "hk"]) == 2
    assert capsys.readouterr().err.startswith("error: --base: 'hk' is not an ISO 4217")


def test_a_damaged_ledger_names_its_backups_folder_and_no_command(tmp_path):
    from desktop_app.storage.safety import backup_dir
    from desktop_app.storage.sqlite_repository import DatabaseDamaged

    error = DatabaseDamaged(tmp_path / "ledger.sqlite3", "missing tables")
    assert error.backups == backup_dir(tmp_path / "ledger.sqlite3")
    assert str(error.backups) in str(error) and "paperwealth-cli" not in str(error)


def test_the_window_shows_a_refusal_by_field_label_not_by_flag(demo_db, make_window, qtbot, monkeypatch):
    """The exercise dialog let through more than can be exercised (as when
    another window exercised some meanwhile): the service refuses it, and the
    window says "Quantity", never "--quantity"."""
    window = make_window()
    shown = []
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: (dialog.widgets["quantity"].setText("3101"), True)[1])
    monkeypatch.setattr(window, "inform", lambda title, text: shown.append(text))
    window.private.exercise_grant("STEPFUN-ESOP-2024")
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == [f"Quantity: only 3100 are exercisable on {TODAY.isoformat()}"]
    assert "--" not in shown[0]
