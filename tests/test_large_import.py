"""Large imports (issue 11, item 16): rows are streamed and staged in SQLite,
so memory stays flat; progress is reported; Cancel rolls back whole; very
many problems are counted, the first ones listed."""

from __future__ import annotations

import hashlib
import io
import tracemalloc

import pytest

from desktop_app.input.csv_formats import MAX_REPORTED_ERRORS
from desktop_app.services.errors import ImportCancelled, ImportRejected
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes

HEADER = "date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note"


def rows(n: int, symbols: int = 20, sell_every: int = 0) -> list[str]:
    out = []
    for i in range(n):
        kind, quantity = ("sell", 1) if sell_every and i % sell_every == sell_every - 1 else ("buy", 1 + i % 500)
        out.append(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d},{kind},{1 + i % symbols:04d}.HK,,listed,{quantity},"
                   f"{10 + i % 90}.{i % 100:02d},HKD,{i % 7},,row {i}")
    return out


def write(path, lines: list[str]):
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_memory_stays_flat_however_many_rows(service, tmp_path, monkeypatch):
    """30,000 rows as Transaction objects alone would take tens of MB; streamed
    through the staging table, the import's peak stays a few MB."""
    import desktop_app.services.holdings_cache as holdings_cache

    monkeypatch.setattr(holdings_cache, "REBUILD_CHUNK", 2000, raising=False)  # the cache is rebuilt in parts too
    path = write(tmp_path / "big.csv", rows(30_000))
    # A first import in this process loads its modules (and fills their caches: regexes,
    # dataclass and enum machinery) while traced: a small import into a scratch ledger
    # first, so the peak is the import's own, whether this file runs alone or after others.
    with SqliteRepository(tmp_path / "warm.sqlite3") as scratch:
        assert Portfolio(scratch, today=lambda: TODAY).ledger.import_transactions(
            write(tmp_path / "warm.csv", rows(50))).imported == 50
    tracemalloc.start()
    try:
        result = service.ledger.import_transactions(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.imported == 30_000 and service.repo.transactions.count() == 30_000
    assert peak < 16e6, f"peak {peak / 1e6:.1f} MB"


def test_streamed_import_keeps_file_order_and_books_like_before(service, repo, tmp_path):
    lines = rows(6000, symbols=7, sell_every=5)
    path = write(tmp_path / "t.csv", lines)
    assert service.ledger.import_transactions(path).imported == 6000
    stored = repo.transactions.all()
    assert sorted(t.note for t in stored) == sorted(f"row {i}" for i in range(6000))
    ids = {t.note: int(t.ref) for t in stored}
    assert [ids[f"row {i}"] for i in range(6000)] == sorted(ids.values())  # recorded in file order
    # the cache (rebuilt in parts) holds what a replay of the transactions gives
    def seen(report):
        return [(h.symbol, h.position.quantity, h.position.cost_basis, h.position.lots, h.realized_gain)
                for h in report.holdings]

    assert seen(service.reports.report()) == seen(service.reports.report(transactions=repo.transactions.all()))


def test_an_oversell_across_stored_and_staged_rows_on_one_day(service):
    service.ledger.import_transactions(csv_bytes("2026-01-08,buy,2513,,listed,100,1,HKD,,,"))
    data = csv_bytes(
        "2026-01-09,sell,2513,,listed,150,1,HKD,,,",  # line 2: sold after the day's buy: fine
        "2026-01-09,buy,2513,,listed,50,1,HKD,,,",  # line 3
        "2026-01-10,sell,2513,,listed,1,1,HKD,,,",  # line 4: nothing left
    )
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(data)
    assert [(e.line, e.column, e.code) for e in info.value.errors] == [(4, "quantity", "oversell")]


def test_very_many_problems_are_counted_and_the_first_listed(service, tmp_path):
    bad = [f"2026-01-08,buy,2513,,listed,0,1,HKD,,,{i}" for i in range(MAX_REPORTED_ERRORS + 1500)]
    path = write(tmp_path / "bad.csv", [rows(1)[0], *bad])
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(path)
    errors = info.value.errors
    assert len(errors) == MAX_REPORTED_ERRORS
    assert [e.line for e in errors] == list(range(3, 3 + MAX_REPORTED_ERRORS))
    assert info.value.total == MAX_REPORTED_ERRORS + 1500
    assert str(info.value) == "2,500 problems found (the first 1,000 are listed); nothing was imported"
    assert service.repo.transactions.count() == 0


@pytest.mark.parametrize("phase", ["read", "check", "save"])
def test_cancel_rolls_back_and_leaves_the_file_byte_identical(db_path, tmp_path, phase):
    with SqliteRepository(db_path) as repo:
        Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(csv_bytes(
            "2026-01-08,buy,2513,,listed,100,1,HKD,,,"))
    before = digest(db_path)
    path = write(tmp_path / "t.csv", rows(12_000))
    seen = []
    with SqliteRepository(db_path) as repo:
        svc = Portfolio(repo, today=lambda: TODAY)
        with pytest.raises(ImportCancelled):
            svc.ledger.import_transactions(path, progress=lambda p, done, total: seen.append(p),
                                    cancel=lambda: phase in seen)
        assert repo.transactions.count() == 1
        assert not repo.conn.in_transaction
        assert repo.conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
    assert digest(db_path) == before
    assert phase in seen


def test_progress_reports_each_phase_to_its_end(service, tmp_path):
    path = write(tmp_path / "t.csv", rows(12_000))
    steps = []
    service.ledger.import_transactions(path, progress=lambda *step: steps.append(step))
    reads = [s for s in steps if s[0] == "read"]
    assert len(reads) >= 2 and reads[-1][1] == reads[-1][2] == path.stat().st_size
    assert [s[0] for s in steps] == sorted((s[0] for s in steps), key=["read", "check", "save"].index)
    for phase in ("check", "save"):
        done, total = [s[1:] for s in steps if s[0] == phase][-1]
        assert done == total == 20


def test_a_preview_keeps_the_first_rows_and_counts_the_rest(service, tmp_path):
    path = write(tmp_path / "t.csv", rows(1200))
    preview = service.ledger.preview_import(path)
    assert len(preview.rows) == 500 and preview.total_rows == 1200 and preview.total_errors == 0
    assert [r.line for r in preview.rows] == list(range(2, 502))
    assert service.repo.transactions.count() == 0 and not service.repo.conn.in_transaction


def test_bytes_and_open_files_import_as_paths_do(service, tmp_path):
    data = csv_bytes(*rows(30))
    assert service.ledger.import_transactions(data).imported == 30
    assert service.ledger.import_transactions(io.BytesIO(data), allow_duplicates=True).imported == 30


def test_cli_counts_have_thousands_separators_and_no_progress_when_piped(tmp_path, capsys):
    from desktop_app import cli

    path = write(tmp_path / "t.csv", rows(1234))
    assert cli.main(["--db", str(tmp_path / "l.sqlite3"), "import-transactions", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "Imported 1,234 transactions."
    assert err == ""


def test_cli_progress_is_one_updating_line_on_a_terminal():
    from desktop_app.cli import _ImportMeter

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    term = Terminal()
    meter = _ImportMeter(term)
    meter.step("read", 5_000_000, 10_000_000)
    meter.step("check", 200, 200)
    meter.step("save", 200, 200)
    meter.clear()
    text = term.getvalue()
    assert "\n" not in text and text.count("\r") >= 3
    assert "Reading... 50% (5.0 of 10.0 MB)" in text and "Saving... 100% (200 of 200 holdings)" in text
    assert text.endswith("\r") and text.rsplit("\r", 2)[-2].strip() == ""  # the line is wiped at the end
    piped = io.StringIO()
    quiet = _ImportMeter(piped)
    quiet.step("read", 1, 2)
    quiet.clear()
    assert piped.getvalue() == ""


# -- the window -------------------------------------------------------------------------------


def test_window_preview_of_a_large_file_shows_its_first_rows_and_counts(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    path = write(tmp_path / "t.csv", rows(1500))
    seen = {}

    def inspect(dialog):
        seen.update(rows=dialog.table.rowCount(), summary=dialog.summary.text(),
                    enabled=dialog.import_button.isEnabled())
        return False

    monkeypatch.setattr(window, "exec_dialog", inspect)
    window.files.import_csv(str(path))
    qtbot.waitUntil(lambda: "rows" in seen, timeout=20000)
    assert seen["rows"] == 500 and seen["enabled"]
    assert seen["summary"] == "Transactions ready to import: 1,500. The first 500 rows are shown."


def test_window_import_shows_progress_and_cancel_writes_nothing(make_window, qtbot, tmp_path, monkeypatch, db_path):
    window = make_window()
    path = write(tmp_path / "t.csv", rows(20_000))
    accepted = []
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: accepted.append(dialog) or True)
    window.files.import_csv(str(path))
    progress = window.files.import_progress
    phases = []

    def cancel_once_saving(phase, done, total):
        phases.append(phase)
        if accepted and phase == "check" and not progress.cancelled():
            from PySide6.QtWidgets import QPushButton

            progress.findChild(QPushButton).click()  # the Cancel button

    progress.step.connect(cancel_once_saving)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=60000)
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert accepted and "read" in phases and progress.isHidden()
    window.db_tasks.wait()
    with SqliteRepository(db_path) as repo:
        assert repo.transactions.count() == 0


def test_window_import_counts_with_separators(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    path = write(tmp_path / "t.csv", rows(1234))
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: True)
    window.files.import_csv(str(path))
    qtbot.waitUntil(lambda: "Imported" in window.statusBar().currentMessage(), timeout=60000)
    assert window.statusBar().currentMessage() == "Imported 1,234 transactions."


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64])
def test_lines_are_split_as_csv_expects_whatever_the_chunk_size(chunk, monkeypatch):
    """Read in pieces, the file gives the lines a whole-file read gives: a
    "\\r\\n" or a character's bytes cut between two pieces stay whole."""
    from desktop_app.input import csv_formats

    monkeypatch.setattr(csv_formats._Lines, "CHUNK", chunk)
    text = "\ufeffa,b\r\n智谱,x\ry\n\"q\r\nq\",\u2028z\r\r\n\nlast"
    lines = list(csv_formats._Lines(io.BytesIO(text.encode("utf-8"))))
    assert lines == io.StringIO(text[1:], newline="").readlines()


def test_an_earlier_sale_in_the_file_that_strands_a_stored_sale_is_reported(service):
    service.ledger.import_transactions(csv_bytes("2026-01-08,buy,2513,,listed,100,1,HKD,,,",
                                          "2026-03-01,sell,2513,,listed,80,1,HKD,,,"))
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(csv_bytes("2026-02-01,sell,2513,,listed,50,1,HKD,,,"))
    assert [(e.line, e.code) for e in info.value.errors] == [(0, "strands_later_sale")]
    assert "stored transaction sells 80 2513.HK on 2026-03-01 but only 50 are held" in str(info.value.errors[0])


def test_a_conversion_group_is_checked_together(service, repo):
    from desktop_app.services.private_holdings import PrivateHoldingsService

    service.ledger.import_transactions(csv_bytes("2025-06-01,buy,ZPRE,,private,10,100,HKD,,,"))
    PrivateHoldingsService(service).convert("ZPRE", "2513.HK", date="2026-01-08", ratio="10")
    # 100 listed shares came from the conversion; a sale of 100 fits, one more does not
    assert service.ledger.import_transactions(csv_bytes("2026-02-01,sell,2513,,listed,100,200,HKD,,,")).imported == 1
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(csv_bytes("2026-02-02,sell,2513,,listed,1,200,HKD,,,"))
    assert [(e.line, e.code) for e in info.value.errors] == [(2, "oversell")]


def test_a_huge_line_without_a_break_is_refused_quickly(service):
    import time

    data = b"date,type,symbol,asset_class,quantity,price,currency\n" + b"x" * (40 * 1024 * 1024)
    started = time.monotonic()
    with pytest.raises(ImportRejected) as info:
        service.ledger.import_transactions(data)
    assert [(e.line, e.code) for e in info.value.errors] == [(2, "csv_error")]
    assert time.monotonic() - started < 20
