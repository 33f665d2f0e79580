"""The transactions table's fast sort and filter (ranks sorted by numpy, search
texts matched in bulk, a proxy whose mapping is a list) against the plain,
obvious Python: each sort a stable ``list.sort`` of the rows in their current
order by the column's key, rows without a value last; the filter a substring
test of each row's text columns as displayed and numbers as typed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop_app.core.models import AssetClass, Instrument, Transaction, TxType
from desktop_app.core.numbers import plain
from desktop_app.core.positions import cash_flow
from desktop_app.services.snapshot import TransactionView
from desktop_app.ui.table_models import ROW_ROLE, SORT_ROLE, TransactionColumn, TransactionsModel
from desktop_app.ui.table_proxy import SortProxy
from desktop_app.ui.text import messages
from desktop_app.ui.text.formatting import Formatter

C = TransactionColumn
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder

# The columns' keys, written out: what a click on each header sorts by.
KEYS = {
    C.DATE: lambda v: (v.transaction.date, v.id),
    C.TYPE: lambda v: v.transaction.type.value,
    C.SYMBOL: lambda v: v.transaction.symbol,
    C.NAME: lambda v: v.instrument.name.lower(),
    C.QUANTITY: lambda v: v.transaction.quantity,
    C.PRICE: lambda v: v.transaction.price,
    C.FEES: lambda v: v.transaction.fees,
    C.AMOUNT: lambda v: cash_flow(v.transaction),
    C.ACCOUNT: lambda v: v.transaction.account.lower(),
    C.NOTE: lambda v: v.transaction.note.lower(),
}


def plain_sort(rows, column, order):
    """The obvious sort: stable, by the key, no value last either way."""
    key = KEYS[column]
    present = [v for v in rows if key(v) is not None]
    missing = [v for v in rows if key(v) is None]
    present.sort(key=key, reverse=order == DESC)
    return present + missing


def plain_text(fmt, v):
    t = v.transaction
    amount = cash_flow(t)
    fields = [fmt.date(t.date), t.date.isoformat(), messages.tx_type_label(t.type.value), t.symbol,
              v.instrument.name, t.account, t.note, t.currency, plain(t.quantity), plain(t.price)]
    fields += [plain(t.fees)] if t.fees else []
    fields += [plain(amount)] if amount is not None else []
    return "\t".join(fields)


def plain_filter(fmt, rows, pattern):
    return [v for v in rows if pattern.casefold() in plain_text(fmt, v).casefold()]


def ledger(size: int, seed: int) -> list[TransactionView]:
    """Rows with many ties (few dates, symbols, quantities, accounts), equal
    numbers spelt differently (1.5 and 1.50), splits (no amount), names that
    differ only by case, and notes in several scripts."""
    rng = random.Random(seed)
    instruments = [Instrument("0700.HK", AssetClass.LISTED, "HKD", "Tencent"),
                   Instrument("AAPL", AssetClass.LISTED, "USD", "apple"),
                   Instrument("aapl.x", AssetClass.LISTED, "USD", "Apple"),
                   Instrument("ZHIPU-PRE", AssetClass.PRIVATE, "CNY", "智谱 Zhipu"),
                   Instrument("9988.HK", AssetClass.LISTED, "HKD", "Ālibaba")]
    rows = []
    for i in range(size):
        inst = rng.choice(instruments)
        kind = rng.choice([TxType.BUY, TxType.BUY, TxType.SELL, TxType.DIVIDEND, TxType.SPLIT])
        t = Transaction(date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(40)), type=kind,
                        symbol=inst.symbol, quantity=D(rng.choice(["100", "100.00", "1.5", "1.50", "7", "0.001"])),
                        price=D(rng.choice(["0", "10", "10.0", "2.345", "1001.5", "0.046"])), currency=inst.currency,
                        fees=D(rng.choice(["0", "0", "5", "5.00", "12.34"])),
                        account=rng.choice(["", "IBKR", "ibkr", "Futu"]),
                        note=rng.choice(["", "", "rebalance", "Rebalance", "年终 bonus", "ΣΑΣ", "straße"]))
        rows.append(TransactionView(id=rng.randrange(10_000) if i % 3 else i, transaction=t, instrument=inst))
    return rows


@pytest.fixture()
def table(qapp):
    model = TransactionsModel(Formatter("en_HK"))
    proxy = SortProxy()
    proxy.setSourceModel(model)
    return model, proxy


def shown(proxy):
    return [proxy.index(r, 0).data(ROW_ROLE) for r in range(proxy.rowCount())]


def same(a, b):
    return [id(v) for v in a] == [id(v) for v in b]


@pytest.mark.parametrize("seed", range(6))
def test_sorts_equal_a_plain_stable_python_sort_over_every_column_and_order(table, seed):
    model, proxy = table
    rng = random.Random(seed)
    rows = ledger(400, seed)
    model.set_rows(rows)
    expected = list(rows)
    assert same(shown(proxy), expected)
    for _ in range(30):  # successive sorts: ties keep the previous sort's order, as before
        column, order = rng.choice(list(C)), rng.choice([ASC, DESC])
        proxy.sort(column, order)
        expected = plain_sort(expected, column, order)
        assert same(shown(proxy), expected), (column, order)
        assert same(model.rows(), expected)
        assert [proxy.index(r, column).data(SORT_ROLE) for r in range(5)] == [KEYS[column](v) for v in expected[:5]]


@pytest.mark.parametrize("seed", range(4))
def test_filters_equal_a_plain_substring_test_in_every_sort_order(table, seed):
    model, proxy = table
    rng = random.Random(100 + seed)
    rows = ledger(300, seed)
    model.set_rows(rows)
    fmt = model.fmt
    expected = list(rows)
    patterns = ["", "aapl", "AAPL.X", "apple", "tencent", "ālibaba", "智谱", "2024-01-0", "jan", "1.5", "1.50",
                "100", "-150", "12.34", "buy", "SPLIT", "ibkr", "rebalance", "σας", "STRASSE", "hkd", "\tapple",
                "no such row"]
    for _ in range(25):
        if rng.random() < 0.5:
            column, order = rng.choice(list(C)), rng.choice([ASC, DESC])
            proxy.sort(column, order)
            expected = plain_sort(expected, column, order)
        pattern = rng.choice(patterns)
        proxy.setFilterFixedString(pattern)
        assert same(shown(proxy), plain_filter(fmt, expected, pattern)), pattern
        assert [model.row_object(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())] == \
            shown(proxy)
    for pattern in patterns:  # every pattern once, in the last order
        proxy.setFilterFixedString(pattern)
        assert same(shown(proxy), plain_filter(fmt, expected, pattern)), pattern
    # New rows (a reload) under a filter and a sort: both apply to them at once.
    proxy.setFilterFixedString("apple")
    more = ledger(200, seed + 50)
    model.set_rows(more)
    assert same(shown(proxy), plain_filter(fmt, plain_sort(more, *model._sort), "apple"))


def test_the_selection_follows_its_row_through_sorts_and_filters(table, qtbot):
    from PySide6.QtWidgets import QTableView

    model, proxy = table
    rows = ledger(300, 7)
    model.set_rows(rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    target = rows[123]
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(proxy.index(123, 2), flags)

    def selected():
        index = view.currentIndex()
        return index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None

    expected = list(rows)
    for column, order in [(C.SYMBOL, ASC), (C.AMOUNT, DESC), (C.DATE, ASC), (C.NOTE, DESC), (C.QUANTITY, ASC)]:
        proxy.sort(column, order)
        expected = plain_sort(expected, column, order)
        assert selected() is target
        assert view.currentIndex().row() == next(i for i, v in enumerate(expected) if v is target)
        assert view.currentIndex().column() == 2
        assert [i.row() for i in view.selectionModel().selectedRows()] == [view.currentIndex().row()]
    proxy.setFilterFixedString(target.transaction.symbol)  # keeps the row
    assert selected() is target
    proxy.sort(C.PRICE, DESC)
    assert selected() is target
    proxy.setFilterFixedString("no such row")  # hides it: no selection
    assert not view.selectionModel().hasSelection()
    proxy.setFilterFixedString("")
    assert proxy.rowCount() == len(rows)


def test_the_window_edits_and_deletes_the_row_selected_after_a_sort_and_a_filter(demo_db, make_window, qtbot):
    window = make_window()
    page = window.transactions_page
    view, proxy = page.view, page.proxy
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(proxy.index(2, 0), flags)
    chosen = page.selected_transaction()
    view.horizontalHeader().setSortIndicator(C.SYMBOL, ASC)  # a click on the header
    assert page.selected_transaction() is chosen
    page.filter.setText(chosen.transaction.symbol)
    assert page.selected_transaction() is chosen
    view.horizontalHeader().setSortIndicator(C.AMOUNT, DESC)
    assert page.selected_transaction() is chosen
    assert view.currentIndex().data(ROW_ROLE) is chosen


def test_texts_and_ranks_made_on_the_worker_equal_those_made_when_first_asked(qapp, qtbot):
    """A table of ``prepare_from`` rows or more gets its search texts and sort
    ranks from a worker thread as the rows arrive; they equal the model's own."""
    rows = ledger(500, 3)
    lazy = TransactionsModel(Formatter("en_HK"))
    lazy.set_rows(rows)
    prepared = TransactionsModel(Formatter("en_HK"))
    prepared.prepare_from = 100
    with qtbot.waitSignal(prepared.prepared, timeout=10000):
        prepared.set_rows(rows)
    assert prepared._texts is not None and set(prepared._ranks) == set(C)
    assert prepared.search_texts() == lazy.search_texts()
    for column in C:
        assert list(prepared.column_ranks(column)) == list(lazy.column_ranks(column)), column
    proxy = SortProxy()
    proxy.setSourceModel(prepared)
    expected = list(rows)
    for column, order in [(C.AMOUNT, DESC), (C.SYMBOL, ASC), (C.FEES, DESC), (C.NAME, ASC), (C.TYPE, DESC)]:
        proxy.sort(column, order)
        expected = plain_sort(expected, column, order)
        proxy.setFilterFixedString("apple")
        assert same(shown(proxy), plain_filter(prepared.fmt, expected, "apple"))
        proxy.setFilterFixedString("")
        assert same(shown(proxy), expected)


def test_a_preparation_for_rows_replaced_meanwhile_is_dropped(qapp, qtbot):
    model = TransactionsModel(Formatter("en_HK"))
    model.prepare_from = 100
    first, second = ledger(300, 1), ledger(300, 2)
    model.set_rows(first)
    with qtbot.waitSignal(model.prepared, timeout=10000):
        model.set_rows(second)  # the first rows' preparation, if it comes after, is not installed
    qtbot.wait(50)
    fresh = TransactionsModel(Formatter("en_HK"))
    fresh.set_rows(second)
    assert model.search_texts() == fresh.search_texts()
    assert all(list(model.column_ranks(c)) == list(fresh.column_ranks(c)) for c in C)


def test_a_reload_with_equal_rows_reuses_the_last_preparation_and_a_changed_row_does_not(qapp, qtbot):
    import dataclasses

    model = TransactionsModel(Formatter("en_HK"))
    model.prepare_from = 100
    rows = ledger(300, 4)
    with qtbot.waitSignal(model.prepared, timeout=10000):
        model.set_rows(rows)
    texts = model.search_texts()
    with qtbot.waitSignal(model.prepared, timeout=10000):
        model.set_rows([dataclasses.replace(v) for v in rows])  # a new snapshot, equal rows
    assert model.search_texts() is texts
    changed = list(rows)
    changed[7] = dataclasses.replace(rows[7], transaction=dataclasses.replace(rows[7].transaction, note="edited"))
    with qtbot.waitSignal(model.prepared, timeout=10000):
        model.set_rows(changed)
    fresh = TransactionsModel(Formatter("en_HK"))
    fresh.set_rows(changed)
    assert model.search_texts() is not texts
    assert model.search_texts() == fresh.search_texts()
    assert "edited" in model.search_texts()[7]
    assert all(list(model.column_ranks(c)) == list(fresh.column_ranks(c)) for c in C)
