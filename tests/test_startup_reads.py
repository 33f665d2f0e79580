"""Two reads every window start-up makes, made cheaper at 100k: each
holding's first transaction date (``TransactionStore.first_dates``: a look-up
per instrument in its index) and the holdings cache's realized gains by day
(``holding_cache_store._realized_by_day``: a column at a time). Same answers,
same refusals of a damaged row."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tests.conftest import csv_bytes


def test_first_dates_are_each_holdings_earliest_and_skip_instruments_without_rows(service, repo):
    service.ledger.import_transactions(csv_bytes(
        "2026-02-03,buy,2513,,listed,100,10,HKD,,,",
        "2026-01-08,buy,2513,,listed,100,10,HKD,,,",  # recorded later, earlier in time
        "2026-03-01,sell,2513,,listed,50,12,HKD,,,",
        "2025-12-31,buy,0700,,listed,10,300,HKD,,,",
        "2026-01-02,buy,9988,,listed,10,80,HKD,,,"))
    with repo.write():  # 9988.HK keeps its instrument row, without a transaction
        repo.db.execute("DELETE FROM transactions WHERE instrument_id = "
                        "(SELECT id FROM instruments WHERE symbol = '9988.HK')")
    assert set(repo.instruments.all()) == {"2513.HK", "0700.HK", "9988.HK"}
    assert repo.transactions.first_dates() == {"2513.HK": dt.date(2026, 1, 8), "0700.HK": dt.date(2025, 12, 31)}


def _cached_state(service, repo):
    # FIFO: 100 bought at 10; 30 sold at 12 on the 9th: (12 - 10) × 30 = 60;
    # 20 sold at 9 on the 12th: (9 - 10) × 20 = -20.
    service.ledger.import_transactions(csv_bytes("2026-01-08,buy,2513,,listed,100,10,HKD,,,",
                                                 "2026-01-09,sell,2513,,listed,30,12,HKD,,,",
                                                 "2026-01-12,sell,2513,,listed,20,9,HKD,,,"))
    (state,) = repo.db.execute("SELECT state FROM holding_cache WHERE cost_method = 'fifo'").fetchone()
    return json.loads(state)


def _store(repo, state):
    with repo.write():
        repo.db.execute("UPDATE holding_cache SET state = ? WHERE cost_method = 'fifo'", (json.dumps(state),))


def test_realized_gains_by_day_read_back_as_booked(service, repo):
    _cached_state(service, repo)
    position = repo.holding_cache.read("fifo")["2513.HK"][1]
    assert position.realized_by_day == ((dt.date(2026, 1, 9), Decimal(60)), (dt.date(2026, 1, 12), Decimal(-20)))
    assert position.realized_gain == 40


def test_realized_amounts_are_read_exactly_as_stored(service, repo):
    state = _cached_state(service, repo)
    state["r"] = [[dt.date(2026, 1, 9).toordinal(), "-0"], [dt.date(2026, 1, 12).toordinal(), "1.50E+2"]]
    _store(repo, state)
    ((day1, a1), (day2, a2)) = repo.holding_cache.read("fifo")["2513.HK"][1].realized_by_day
    assert (day1, day2) == (dt.date(2026, 1, 9), dt.date(2026, 1, 12))
    assert a1.as_tuple() == Decimal("-0").as_tuple() and a2.as_tuple() == Decimal("1.50E+2").as_tuple()
    state["r"] = []
    _store(repo, state)
    assert repo.holding_cache.read("fifo")["2513.HK"][1].realized_by_day == ()


DAY = dt.date(2026, 1, 9).toordinal()


@pytest.mark.parametrize("realized", [
    [[DAY, "60"], [DAY + 3, "abc"]],  # not a number
    [[DAY, "Infinity"]],  # not finite
    [[DAY, "NaN"]],
    [[DAY, "60"], [DAY + 3]],  # a pair missing its amount
    [[DAY]],
    [[DAY, "60", "1"]],  # a pair with one too many
    [[DAY, "60"], [DAY + 3, "5", "1"]],  # after a good one
    [["2026-01-09", "60"]],  # a day that is not an ordinal
    [[0, "60"]],  # an ordinal no date has
    [[DAY, None]],
    [DAY],  # not a pair at all
], ids=["text", "infinity", "nan", "short pair", "one short pair", "long pair", "long pair after", "iso day",
        "ordinal 0", "null", "no pair"])
def test_a_damaged_realized_list_skips_the_row_and_the_report_books_the_holding(service, repo, realized):
    state = _cached_state(service, repo)
    expected = service.reports.report()
    state["r"] = realized
    _store(repo, state)
    assert repo.holding_cache.read("fifo") == {}
    assert service.reports.report() == expected


# -- rates found once per span of days (core.fx.FxTable.rate) -----------------------------------


def _table():
    from desktop_app.core.fx import FxTable
    from desktop_app.core.models import FxRate

    d = dt.date
    return FxTable([
        FxRate("USD", "HKD", d(2024, 1, 1), Decimal("7.8")),
        FxRate("USD", "HKD", d(2024, 6, 1), Decimal("7.7")),
        FxRate("HKD", "CNY", d(2024, 3, 1), Decimal("0.9")),  # CNY->HKD only as its inverse
        FxRate("CNY", "HKD", d(2024, 9, 1), Decimal("1.25")),  # then direct, newer
    ])


@pytest.mark.parametrize("shuffled", [False, True])
def test_rates_by_day_in_any_order(shuffled):
    import random

    d = dt.date
    table = _table()
    expected = [  # worked by hand from the four rates above
        ("USD", "HKD", d(2023, 12, 31), None),  # before any rate
        ("USD", "HKD", d(2024, 1, 1), Decimal("7.8")),  # the day it starts
        ("USD", "HKD", d(2024, 5, 31), Decimal("7.8")),
        ("USD", "HKD", d(2024, 6, 1), Decimal("7.7")),
        ("HKD", "USD", d(2024, 6, 2), Decimal(1) / Decimal("7.7")),  # the inverse
        ("CNY", "HKD", d(2024, 2, 29), None),
        ("CNY", "HKD", d(2024, 3, 1), Decimal(1) / Decimal("0.9")),  # the inverse of HKD->CNY
        ("CNY", "HKD", d(2024, 8, 31), Decimal(1) / Decimal("0.9")),
        ("CNY", "HKD", d(2024, 9, 1), Decimal("1.25")),  # the newer direct rate wins
        ("CNY", "USD", d(2024, 9, 2), Decimal("1.25") * (Decimal(1) / Decimal("7.7"))),  # through HKD
        ("USD", "CNY", d(2024, 4, 1), Decimal("7.8") * Decimal("0.9")),  # through HKD, before 1 June
        ("USD", "CNY", d(2024, 7, 1), Decimal("7.7") * Decimal("0.9")),  # after it
        ("USD", "CNY", d(2023, 6, 1), None),
        ("EUR", "HKD", d(2024, 7, 1), None),  # never stored
        ("HKD", "HKD", d(1999, 1, 1), Decimal(1)),
    ]
    asked = expected * 3  # asked again: the same answer from the span's first finding
    if shuffled:
        asked = random.Random(7).sample(asked, len(asked))
    for base, quote, day, rate in asked:
        assert table.rate(base, quote, day) == rate, (base, quote, day)


def test_a_rate_found_once_is_the_one_found_afresh_on_every_day():
    import random

    table, fresh = _table(), _table()
    rng = random.Random(3)
    currencies = ["USD", "HKD", "CNY", "EUR"]
    for _ in range(2000):
        base, quote = rng.choice(currencies), rng.choice(currencies)
        day = dt.date(2023, 11, 1) + dt.timedelta(days=rng.randrange(500))
        expected = Decimal(1) if base == quote else fresh._rate(base, quote, day)
        assert table.rate(base, quote, day) == expected


# -- the portfolio's flow points (core.valuation._portfolio_points) -------------------------------


def test_the_portfolios_points_are_summed_per_currency_and_day_in_the_order_met():
    from desktop_app.core.fx import FxTable
    from desktop_app.core.models import AssetClass, FxRate, Instrument
    from desktop_app.core.returns import Flows
    from desktop_app.core.valuation import _portfolio_points

    d1, d2, d3, d4 = (dt.date(2024, 3, day).toordinal() for day in (1, 2, 3, 4))
    instruments = {s: Instrument(s, AssetClass.LISTED, c) for s, c in (("A", "USD"), ("B", "HKD"), ("C", "USD"),
                                                                          ("D", "EUR"))}
    flows = {"A": Flows(points=((d1, -100.0), (d3, 50.0))), "B": Flows(points=((d2, -10.0), (d1, -5.0))),
             "C": Flows(points=((d3, 25.0), (d4, 0.1), (d1, 0.5))), "D": Flows(points=((d2, 9.0),))}
    fx = FxTable([FxRate("USD", "HKD", dt.date(2024, 1, 1), Decimal("7.8")),
                  FxRate("USD", "HKD", dt.date(2024, 3, 4), Decimal("7.7"))])
    # (USD, d1), (USD, d3) from A; (HKD, d2), (HKD, d1) from B; (USD, d4) from C, whose d3 and d1 add
    # to A's (in that order: -100 + 0.5, 50 + 25); EUR has no rate to HKD, not even on the as-of day: left out.
    assert _portfolio_points(flows, instruments, fx, dt.date(2024, 3, 5), "HKD") == [
        (d1, (-100.0 + 0.5) * 7.8), (d3, (50.0 + 25.0) * 7.8), (d2, -10.0 * 1.0), (d1, -5.0 * 1.0), (d4, 0.1 * 7.7)]


# -- the import path loads when first used (services.portfolio.Portfolio.ledger) -------------------


def test_the_first_snapshot_does_not_load_the_import_path_and_ledger_loads_it_when_asked(db_path, tmp_path):
    import os
    import subprocess
    import sys

    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2026-01-08,buy,2513,,listed,100,10,HKD,,,"))
    from desktop_app import cli

    assert cli.main(["--db", str(db_path), "import-transactions", str(tx)]) == 0
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from desktop_app.services.portfolio import Portfolio\n"
        "from desktop_app.services.snapshot import first_snapshot\n"
        "from desktop_app.storage.sqlite_repository import SqliteRepository\n"
        f"repo = SqliteRepository(Path({str(db_path)!r}))\n"
        "svc = Portfolio(repo)\n"
        "first = first_snapshot(svc)\n"
        "before = 'desktop_app.services.transactions' in sys.modules\n"
        "ledger = svc.ledger\n"
        "print(json.dumps([before, type(ledger).__module__, ledger is svc.ledger, len(repo.transactions.all()),\n"
        "                  str(first.report.holdings[0].position.quantity)]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))).stdout
    assert json.loads(out) == [False, "desktop_app.services.transactions", True, 1, "100"]
