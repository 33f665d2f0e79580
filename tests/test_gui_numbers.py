"""How the window shows numbers (issue 11): the largest accepted amounts load,
draw and can be deleted (item 2); a load that fails says why and leaves the
transactions to correct (item 2); prices keep their decimals (item 7); a
loss of a fraction of a cent is not "-0.00" (item 18)."""

from __future__ import annotations

import decimal
import re
from decimal import Decimal as D
from fractions import Fraction

import pytest

from desktop_app import cli
from desktop_app.ui.table_models import HoldingColumn, TransactionColumn
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
    from desktop_app.ui.shell.main_window import MainWindow

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
    shown = window.holdings_page.model.index(0, HoldingColumn.MARKET_VALUE).data()
    assert shown.replace(",", "") == f"HK${value}.00"
    assert window.overview.total_value.text().replace(",", "") == f"HK${value}.00"
    chart = window.overview.value_chart
    assert chart._values[-1] == window.snapshot.report.totals.paper_wealth_base == D(str(value))
    axis = chart.plot.getAxis("left")  # labels short enough to be drawn
    assert axis.tickStrings([0.0, 1e26, float(value)], 1, 1e25) == ["0", "1E26", "1.2E26"]
    assert axis.tickStrings([0.0, 0.045, 0.046], 1, 0.001) == ["0.000", "0.045", "0.046"]  # a penny stock's axis
    window.tabs.setCurrentIndex(2)
    window.transactions_page.view.selectRow(0)
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.delete_transaction()
    assert window.transactions_page.model.rowCount() == 0


def test_splits_past_every_limit_still_load_and_draw(db_path, tmp_path, make_window, informed):
    """A holding compounded by splits to ~10^345 shares (worth more than a
    float can hold) loads and draws: amounts past 10^300 are drawn at 10^300."""
    largest = "9" * 15 + "." + "9" * 10
    _import(db_path, tmp_path, f"2024-01-02,buy,SPL,Split,private,{largest},{largest},HKD,,,",
            *(f"2024-02-{day:02d},split,SPL,Split,private,{largest},,HKD,,," for day in range(1, 23)))
    _cli(db_path, "add-mark", "SPL", "--date", "2024-06-01", "--price", largest, "--currency", "HKD", "--source",
         "secondary")
    window = make_window()
    assert informed == [] and window.pages.currentWidget() is window.tabs
    assert window.overview.value_chart.curve.yData[-1] == 1e300
    assert window.overview.total_value.text().startswith("HK$999,999,999,999,999,999,999,99")


def test_a_load_that_fails_says_why_and_leaves_the_rows_to_delete(db_path, tmp_path, make_window, qtbot,
                                                                    monkeypatch, informed):
    """Whatever makes valuing fail (here a decimal error, whose text is only
    "[<class 'decimal.InvalidOperation'>]"), the window leaves "Loading…",
    says so in words and lists the transactions, and deleting the row at fault
    brings the ledger back."""
    from desktop_app.ui.shell import loading

    _import(db_path, tmp_path, "2025-01-02,buy,0100,MiniMax,listed,100,165,HKD,,,",
            f"2025-01-03,buy,BIGCO,Big,private,{BIG},{BIG},HKD,,,")
    real = loading.build_snapshot

    def failing(service, **kwargs):
        if any(t.quantity >= D(BIG) for t in service.repo.transactions.all()):
            raise decimal.InvalidOperation([decimal.InvalidOperation])
        return real(service, **kwargs)

    monkeypatch.setattr(loading, "build_snapshot", failing)
    window = make_window()
    assert window.pages.currentWidget() is window.tabs
    assert window.tabs.currentIndex() == 2 and window.transactions_page.model.rowCount() == 2
    assert len(informed) == 1 and "could not be valued" in informed[0] and "<class" not in informed[0]
    assert window.overview.warnings_label.text() == informed[0]
    assert window.overview.total_value.text() == window.overview.realized_label.text() == "—"  # not valued, not zero
    assert window.delete_action.isEnabled()
    rows = _rows(window.transactions_page.model, TransactionColumn.SYMBOL)
    window.transactions_page.view.selectRow(window.transactions_page.proxy.mapFromSource(
        window.transactions_page.model.index(rows["BIGCO"], 0)).row())
    monkeypatch.setattr(window, "ask", lambda title, text: True)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.transactions_page.delete_transaction()
    assert [window.transactions_page.model.index(r, TransactionColumn.SYMBOL).data()
            for r in range(window.transactions_page.model.rowCount())] == ["0100.HK"]
    assert window.holdings_page.model.rowCount() == 1 and "could not be valued" not in window.overview.warnings_label.text()
    assert len(informed) == 1


def _penny_ledger(db_path, tmp_path):
    """100,000 shares of a Hong Kong penny stock closing at HK$0.046, and a
    private holding marked at US$0.0000012345."""
    _import(db_path, tmp_path, "2026-01-05,buy,1234,Penny,listed,100000,0.045,HKD,,,",
            "2026-01-06,buy,TINY,Tiny,private,1000000,0.000001,USD,,,")
    prices = tmp_path / "closes.csv"
    prices.write_text("date,symbol,close,currency\n2026-11-27,1234.HK,0.046,HKD\n")
    _cli(db_path, "import-prices", str(prices))
    _cli(db_path, "add-mark", "TINY", "--date", "2026-11-01", "--price", "0.0000012345", "--currency", "USD",
         "--source", "secondary")
    _cli(db_path, "set-fx", "USD", "HKD", "7.8", "--date", "2026-01-01")
    _cli(db_path, "add-grant", "--symbol", "TINY", "--type", "option", "--granted", "2026-01-01", "--quantity",
         "1000", "--strike", "0.0000005", "--currency", "USD", "--vesting-start", "2026-01-01", "--cliff-months",
         "0", "--vesting-months", "12", "--frequency", "monthly")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_prices_show_the_decimals_they_have(db_path, tmp_path, make_window, qtbot, language):
    from desktop_app.ui.dialogs.holding import HoldingDialog

    _penny_ledger(db_path, tmp_path)
    window = make_window(language=language)
    model = window.holdings_page.model
    rows = _rows(model)
    penny, tiny = rows["1234.HK"], rows["TINY"]
    cell = lambda r, c: model.index(r, c).data()  # noqa: E731
    assert cell(penny, HoldingColumn.PRICE) == "HK$0.046"
    assert cell(penny, HoldingColumn.AVERAGE_COST) == "HK$0.045"
    assert cell(penny, HoldingColumn.MARKET_VALUE) == "HK$4,600.00"  # amounts stay in cents
    assert cell(tiny, HoldingColumn.PRICE) == "US$0.0000012345"
    assert cell(tiny, HoldingColumn.AVERAGE_COST) == "US$0.000001"
    assert cell(tiny, HoldingColumn.MARKET_VALUE) == f"HK${cents(Fraction('0.0000012345') * 1000000 * Fraction('7.8'))}"
    prices = _rows(window.transactions_page.model, TransactionColumn.SYMBOL)
    assert window.transactions_page.model.index(prices["1234.HK"], TransactionColumn.PRICE).data() == "HK$0.045"
    grants = window.grants_page.table
    assert grants.item(0, 6).text() == "US$0.0000005"  # the strike
    holding = next(h for h in window.snapshot.report.holdings if h.symbol == "1234.HK")
    dialog = HoldingDialog(holding, window.fmt, window.snapshot.report, parent=window)
    qtbot.addWidget(dialog)
    assert "@ HK$0.046" in dialog._header_text()


def test_no_negative_zero_in_the_window(db_path, tmp_path, make_window):
    """A sale whose fees exceed its proceeds by a third of a cent (amount
    -0.003) and a loss of a tenth of a cent: "HK$0.00", never "−HK$0.00"."""
    _import(db_path, tmp_path, "2026-01-05,buy,0100,MiniMax,listed,3,1,HKD,0.001,,",
            "2026-02-05,sell,0100,MiniMax,listed,3,1,HKD,,,",
            "2026-02-06,buy,2513,Zhipu,listed,1,1,HKD,,,",
            "2026-02-07,sell,2513,Zhipu,listed,1,0.001,HKD,0.004,,")
    window = make_window()
    shown = [window.overview.realized_label.text(), window.overview.unrealized_label.text(), window.overview.total_value.text()]
    for model in (window.transactions_page.model, window.holdings_page.model):
        shown += [model.index(r, c).data() or "" for r in range(model.rowCount())
                  for c in range(model.columnCount())]
    negative_zero = [text for text in shown if re.search(r"[-−]\s*HK\$0\.00(?![0-9])|[-−]0\.00%", text)]
    assert negative_zero == []
    sale = _rows(window.transactions_page.model, TransactionColumn.DATE)
    assert any(window.transactions_page.model.index(r, TransactionColumn.AMOUNT).data() == "HK$0.00" for r in sale.values())
