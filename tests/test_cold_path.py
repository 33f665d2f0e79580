"""Issue 16's cold path (session 17): the closes read as columns
(``CloseSeries``), a holding in the base currency priced by its closes alone
valued a stretch at a time (``history._quoted_runs``), and ``money`` /
``money_all`` rounding through the context. Each gives exactly what the
general path gives; the figures below are worked by hand."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal as D

import pytest

from desktop_app.core.fx import FxTable
from desktop_app.core.history import ClosePoint, CloseSeries, memo_runs, value_steps
from desktop_app.core.models import AssetClass, Instrument, Mark, MarkSource, Quote
from desktop_app.core.numbers import StoredValueError, money, money_all
from desktop_app.core.performance import Closes, DayFlow, measure, pme, ratio_text
from desktop_app.storage.ledger_rows import ledger_rows
from desktop_app.storage.sqlite_repository import SqliteRepository

d = dt.date
HKD = "HKD"


def test_money_all_rounds_as_money_does():
    values = [D("0.005"), D("-0.005"), D("-0.001"), D("-0"), D("12.344999"), D("10") ** 40 + D("0.125"), D("7")]
    # half up, away from zero: 0.01 and -0.01; -0.001 rounds to zero, printed unsigned; 10^40 keeps every digit
    expected = [D("0.01"), D("-0.01"), D("0.00"), D("0.00"), D("12.34"), D("10") ** 40 + D("0.13"), D("7.00")]
    assert money_all(values) == expected == [money(v) for v in values]
    assert [str(v) for v in money_all(values[2:4])] == ["0.00", "0.00"]  # no "-0.00"
    assert [str(v) for v in money_all([D("0.001"), D("5")])] == ["0.00", "5.00"]
    assert money_all([]) == []


def test_a_close_series_is_the_sequence_of_its_close_points():
    series = CloseSeries("X", [d(2024, 1, 2), d(2024, 1, 3)], [D("1.5"), D("2")], [HKD, "USD"])
    points = [ClosePoint("X", d(2024, 1, 2), D("1.5"), HKD), ClosePoint("X", d(2024, 1, 3), D("2"), "USD")]
    assert len(series) == 2 and list(series) == points and series == points and series == tuple(points)
    assert series[1] == points[1] and series[-1] == points[1] and series[:1] == points[:1]
    assert list(reversed(series)) == points[::-1]
    assert series == CloseSeries("X", list(series.dates), list(series.closes), list(series.currencies))
    assert series != points[:1] and series != CloseSeries("X", series.dates, [D("1.5"), D(3)], series.currencies)
    assert series != "X"
    with pytest.raises(TypeError):
        hash(series)


# One holding in HKD from 1 to 10 January 2024 (day indexes 0-9), priced by its closes alone:
# 10 held from 30 December (cost 100), sold out on 3 January, 5 bought on 5 January (cost 60),
# 7 on 12 January (after the end). Closes: 31 Dec 11, 2 Jan 12, 4 Jan 13 (nothing held), 5 Jan 14
# (the buy's day), 8 Jan 15.333.
START, END = d(2024, 1, 1), d(2024, 1, 10)
STEPS = {
    "A.HK": ([d(2023, 12, 30), d(2024, 1, 3), d(2024, 1, 5), d(2024, 1, 12)],
             [(D(10), D(100)), (D(0), D(0)), (D(5), D(60)), (D(7), D(90))]),
    # 3 bought on 2 January at a cost of 31.005 (31.01 half up), first close on 4 January: 10.
    "B.HK": ([d(2024, 1, 2)], [(D(3), D("31.005"))]),
}
CLOSES = {
    "A.HK": [(d(2023, 12, 31), D(11)), (d(2024, 1, 2), D(12)), (d(2024, 1, 4), D(13)), (d(2024, 1, 5), D(14)),
             (d(2024, 1, 8), D("15.333"))],
    "B.HK": [(d(2024, 1, 4), D(10))],
}
RUNS = {
    "A.HK": [(0, 1, D("110.00")),  # 10 x 11 (the close of 31 December)
             (1, 2, D("120.00")),  # 10 x 12
             # 3 and 4 January: nothing held, no run
             (4, 7, D("70.00")),  # 5 x 14, the close of the buy's day
             (7, 10, D("76.67"))],  # 5 x 15.333 = 76.665, half up
    "B.HK": [(1, 3, D("31.01")),  # at cost before its first close
             (3, 10, D("30.00"))],  # 3 x 10
}
# A + B each day: 110; 120 + 31.01; 31.01; 30; then 70 + 30 three days; 76.67 + 30 three days.
VALUES = [D("110.00"), D("151.01"), D("31.01"), D("30.00"), D("100.00"), D("100.00"), D("100.00"), D("106.67"),
          D("106.67"), D("106.67")]
INSTRUMENTS = {s: Instrument(s, AssetClass.LISTED, HKD) for s in STEPS}


def _columns() -> dict[str, CloseSeries]:
    return {s: CloseSeries(s, [p[0] for p in ps], [p[1] for p in ps], [HKD] * len(ps)) for s, ps in CLOSES.items()}


def _quotes() -> dict[str, list[Quote]]:
    return {s: [Quote(s, day, close, HKD) for day, close in ps] for s, ps in CLOSES.items()}


@pytest.mark.parametrize("closes", [_columns, _quotes], ids=["columns (quoted runs)", "quotes (the general path)"])
def test_a_holding_priced_by_its_closes_alone_is_valued_a_stretch_at_a_time(closes):
    memo: dict = {}
    series = value_steps(INSTRUMENTS, STEPS, closes(), {}, FxTable(), START, END, HKD, memo)
    assert list(series.values) == VALUES
    assert [str(v) for v in series.values[:2]] == ["110.00", "151.01"]
    assert {s: memo_runs(memo, s) for s in STEPS} == RUNS
    again = value_steps(INSTRUMENTS, STEPS, closes(), {}, FxTable(), START, END, HKD, memo)  # from the memo
    assert list(again.values) == VALUES


def test_a_mark_or_another_currency_takes_the_general_path():
    columns = _columns()
    mark = Mark("A.HK", d(2024, 1, 9), D(20), HKD, MarkSource.MANUAL)  # 5 x 20 from 9 January
    series = value_steps(INSTRUMENTS, STEPS, columns, {"A.HK": [mark]}, FxTable(), START, END, HKD)
    assert list(series.values) == VALUES[:8] + [D("130.00")] * 2  # 100 + 30
    usd = {**INSTRUMENTS, "A.HK": Instrument("A.HK", AssetClass.LISTED, "USD")}  # no USD rate: left out, named
    series = value_steps(usd, STEPS, columns, {}, FxTable(), START, END, HKD)
    assert list(series.values) == [D("0.00"), D("31.01"), D("31.01")] + [D("30.00")] * 7
    assert any("A.HK" in w for w in series.warnings)


def _store(tmp_path, rows):
    db = tmp_path / "closes.sqlite3"
    with SqliteRepository(db) as repo:
        with repo.conn:
            repo.conn.executemany("INSERT INTO instruments (symbol, asset_class, currency) VALUES (?, 'listed', 'HKD')",
                                  [("B.HK",), ("A.HK",)])
            ids = dict(repo.conn.execute("SELECT symbol, id FROM instruments"))
            repo.conn.executemany("INSERT INTO quotes (instrument_id, date, close, currency) VALUES (?, ?, ?, ?)",
                                  [(ids[s], day, close, ccy) for s, day, close, ccy in rows])
    return db


ROWS = [("A.HK", "2024-01-03", "12.5", HKD), ("A.HK", "2024-01-02", "12", HKD), ("B.HK", "2024-01-02", "7", "USD"),
        ("A.HK", "2024-01-04", "13", HKD)]


def _as_quotes(points):
    return {s: [(p.date, p.close, p.currency) for p in ps] for s, ps in points.items()}


def test_the_closes_read_as_columns_are_all_closes(tmp_path):
    with SqliteRepository(_store(tmp_path, ROWS)) as repo:
        points, closes = repo.market.close_points(), repo.market.all_closes()
        until = repo.market.close_points(until=d(2024, 1, 3))
    assert list(points) == ["A.HK", "B.HK"]  # by symbol
    assert _as_quotes(points) == {s: [(q.date, q.close, q.currency) for q in qs] for s, qs in closes.items()} == {
        "A.HK": [(d(2024, 1, 2), D(12), HKD), (d(2024, 1, 3), D("12.5"), HKD), (d(2024, 1, 4), D(13), HKD)],
        "B.HK": [(d(2024, 1, 2), D(7), "USD")]}
    assert [p.date for p in until["A.HK"]] == [d(2024, 1, 2), d(2024, 1, 3)]


def test_a_comma_inside_a_value_reads_the_closes_row_by_row(tmp_path):
    with SqliteRepository(_store(tmp_path, [*ROWS, ("B.HK", "2024-01-03", "8", "U,SD")])) as repo:
        points = repo.market.close_points()
    assert _as_quotes(points)["B.HK"] == [(d(2024, 1, 2), D(7), "USD"), (d(2024, 1, 3), D(8), "U,SD")]
    assert _as_quotes(points)["A.HK"][0] == (d(2024, 1, 2), D(12), HKD)


def test_closes_joined_out_of_order_are_put_in_order(tmp_path):
    with SqliteRepository(_store(tmp_path, ROWS)) as repo:
        real = repo.market._conn

        class Reversed:  # group_concat's order is SQLite's choice: joined newest first here
            def execute(self, sql, params=()):
                rows = real.execute(sql, params).fetchall()
                if "group_concat" in sql:
                    rows = [(i, n, *(",".join(t.split(",")[::-1]) for t in texts)) for i, n, *texts in rows]
                return _Rows(rows)

        repo.market._conn = Reversed()
        points = repo.market.close_points()
        repo.market._conn = real
    assert [p.date for p in points["A.HK"]] == [d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 4)]
    assert [p.close for p in points["A.HK"]] == [D(12), D("12.5"), D(13)]


class _Rows(list):
    def fetchall(self):
        return list(self)


@pytest.mark.parametrize("close", ["abc", "NaN", "1,5"])
def test_a_damaged_close_is_named_not_read(tmp_path, close):
    with SqliteRepository(_store(tmp_path, [*ROWS, ("B.HK", "2024-01-05", close, "USD")])) as repo:
        with pytest.raises(StoredValueError, match="B.HK"):
            repo.market.close_points()


def test_a_damaged_date_is_named_not_read(tmp_path):
    with SqliteRepository(_store(tmp_path, [*ROWS, ("B.HK", "2024-13-45", "5", "USD")])) as repo:
        with pytest.raises(StoredValueError, match="B.HK"):
            repo.market.close_points()


def test_no_closes_at_all(tmp_path):
    with SqliteRepository(_store(tmp_path, [])) as repo:
        assert repo.market.close_points() == {}


TXS = [("A.HK", "2024-01-03", "sell", "4", "12.5", "HKD", "1"), ("A.HK", "2024-01-02", "buy", "10", "12", "HKD", "2"),
       ("B.HK", "2024-01-03", "dividend", "5", "0.3", "HKD", "0"), ("B.HK", "2024-01-03", "buy", "5", "7", "HKD", "0"),
       ("A.HK", "2024-01-03", "buy", "1", "12.4", "HKD", "0")]


def _ledger(tmp_path, txs):
    db = _store(tmp_path, [])
    with SqliteRepository(db) as repo, repo.conn:
        ids = dict(repo.conn.execute("SELECT symbol, id FROM instruments"))
        repo.conn.executemany("INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, "
                              "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              [(ids[s], *rest, f"f{k}") for k, (s, *rest) in enumerate(txs)])
    return db


@pytest.mark.parametrize("column, value", [("quantity", "NaN"), ("price", "abc"), ("fees", "1,5"),
                                           ("date", "2024-02-30"), ("type", "gift"), ("price", "Infinity"),
                                           ("fees", "-inf"), ("quantity", "sNaN")])
def test_a_damaged_transaction_is_named_not_read(tmp_path, column, value):
    db = _ledger(tmp_path, TXS)
    con = sqlite3.connect(db)
    with con:
        con.execute("PRAGMA ignore_check_constraints = 1")
        con.execute(f"UPDATE transactions SET {column} = ? WHERE id = (SELECT max(id) FROM transactions)", (value,))
    con.close()
    with SqliteRepository(db) as repo, pytest.raises(StoredValueError, match=value.replace("(", r"\(")):
        ledger_rows(repo.conn, repo.transactions)


def test_a_benchmark_growth_is_divided_once_per_close_and_end():
    closes = Closes([(d(2023, 1, 1), D(100)), (d(2023, 7, 1), D(120)), (d(2024, 1, 1), D(110))])
    # 110 / 120 for any day from 1 July on (the close on or before it), 110 / 100 before
    assert closes.growth_to(d(2024, 1, 1), d(2023, 8, 15)) == D(110) / D(120)
    assert closes.growth_to(d(2024, 1, 1), d(2023, 1, 1)) == D("1.1")
    assert closes.growth_to(d(2023, 12, 31), d(2023, 3, 1)) == D("1.2")  # another end: 120 / 100
    first = closes.growth_to(d(2024, 1, 1), d(2023, 7, 1))
    assert closes.growth_to(d(2024, 1, 1), d(2023, 9, 30)) is first  # the same close: not divided again
    # Two holdings' flows on the same days: each PME as if alone (in 100 on 1 Jan, worth 150 at the end,
    # 1.1 x 100 carried in: 150 / 110; in 60 on 1 Aug, 110/120 x 60 = 55 carried in, worth 66: 66 / 55 = 1.2).
    a = measure(d(2023, 1, 1), d(2024, 1, 1), {d(2024, 1, 1): D(150)}, {d(2023, 1, 1): DayFlow(D(100), D(0))})
    b = measure(d(2023, 1, 1), d(2024, 1, 1), {d(2024, 1, 1): D(66)}, {d(2023, 8, 1): DayFlow(D(60), D(0))})
    assert (ratio_text(pme(a, closes)), pme(b, closes)) == ("1.363636", D("1.2"))
