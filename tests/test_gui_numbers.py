"""How the window shows numbers (issue 11): the largest accepted amounts load,
draw and can be deleted (item 2); a load that fails says why and leaves the
transactions to correct (item 2)."""

from __future__ import annotations

import decimal
from decimal import Decimal as D
from fractions import Fraction

import pytest

from desktop_app import cli
from desktop_app.ui.models import HoldingColumn, TransactionColumn
from tests.conftest import csv_bytes
from tests.test_large_numbers import cents


def _cli(db_path, *argv):
    assert cli.main(["--db", str(db_path), *argv]) == 0, argv


def _import(db_path, tmp_path, *rows):
    path = tmp_path / "rows.csv"
    path.write_bytes(csv_bytes(*rows))
    _cli(db_path, "import-transactions", str(path))


def _rows(model, column=0):
    return {model.index(r, column).data(): r for r in range(model.rowCount())}


@pytest.fixture
def informed(monkeypatch):
    """What the window tells the user in a message box (never a real modal box)."""
    from desktop_app.ui.main_window import MainWindow

    seen: list[str] = []
    monkeypatch.setattr(MainWindow, "inform", lambda self, title, text: seen.append(text))
    return seen


BIG = "10000000000000"  # the private buy: 10^13 shares at 10^13


def test_the_largest_amounts_load_draw_and_can_be_deleted(db_path, tmp_path, make_window, qtbot, monkeypatch,
                                                           informed):
    _import(db_path, tmp_path, f"2025-01-02,buy,BIGCO,Big,private,{BIG},{BIG},HKD,,,")
    _cli(db_path, "add-mark", "BIGCO", "--date", "2026-06-30", "--price", "12000000000000", "--currency", "HKD",
         "--source", "secondary")
    window = make_window()
    assert window.pages.currentWidget() is window.tabs and informed == []
    value = Fraction(BIG) * 12000000000000
    shown = window.holdings_model.index(0, HoldingColumn.MARKET_VALUE).data()
    assert shown.replace(",", "") == f"HK${value}.00"
    assert window.total_value.text().replace(",", "") == f"HK${value}.00"
    chart = window.value_chart
    assert chart._values[-1] == window.snapshot.report.totals.paper_wealth_base == D(str(value))
    window.tabs.setCurrentIndex(2)
    window.transactions_view.selectRow(0)
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.delete_transaction()
    assert window.transactions_model.rowCount() == 0


def test_a_load_that_fails_says_why_and_leaves_the_rows_to_delete(db_path, tmp_path, make_window, qtbot,
                                                                    monkeypatch, informed):
    """Whatever makes valuing fail (here a decimal error, whose text is only
    "[<class 'decimal.InvalidOperation'>]"), the window leaves "Loading…",
    says so in words and lists the transactions, and deleting the row at fault
    brings the ledger back."""
    from desktop_app.ui import main_window

    _import(db_path, tmp_path, "2025-01-02,buy,0100,MiniMax,listed,100,165,HKD,,,",
            f"2025-01-03,buy,BIGCO,Big,private,{BIG},{BIG},HKD,,,")
    real = main_window.build_snapshot

    def failing(service, **kwargs):
        if any(t.quantity >= D(BIG) for t in service.repo.transactions()):
            raise decimal.InvalidOperation([decimal.InvalidOperation])
        return real(service, **kwargs)

    monkeypatch.setattr(main_window, "build_snapshot", failing)
    window = make_window()
    assert window.pages.currentWidget() is window.tabs
    assert window.tabs.currentIndex() == 2 and window.transactions_model.rowCount() == 2
    assert len(informed) == 1 and "could not be valued" in informed[0] and "<class" not in informed[0]
    assert window.warnings_label.text() == informed[0]
    assert window.delete_action.isEnabled()
    rows = _rows(window.transactions_model, TransactionColumn.SYMBOL)
    window.transactions_view.selectRow(window.transactions_proxy.mapFromSource(
        window.transactions_model.index(rows["BIGCO"], 0)).row())
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.delete_transaction()
    assert [window.transactions_model.index(r, TransactionColumn.SYMBOL).data()
            for r in range(window.transactions_model.rowCount())] == ["0100.HK"]
    assert window.holdings_model.rowCount() == 1 and "could not be valued" not in window.warnings_label.text()
    assert len(informed) == 1
