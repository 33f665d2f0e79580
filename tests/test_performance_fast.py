"""Issue 16's speed: ``measure_performance`` reads the ledger in one pass
(``core.ledger_pass``), values the groups from the portfolio's runs and
fills unchanged days in slices. Here a straightforward reference, kept in
this file, computes the same figures the long way round on generated
ledgers (listed HKD and USD holdings with a moving rate, splits, dividends
with tax withheld, fees, a private holding marked in CNY with a discount
that converts into a listing, another private one in USD, RSU deliveries):
every day's value and flows, per period, per holding and for the private
holdings together, and they must agree exactly."""

import datetime as dt
import random

import pytest

from desktop_app import cli
from desktop_app.core.fx import FxTable
from desktop_app.core.history import daily_values
from desktop_app.core.numbers import ONE, ZERO
from desktop_app.core.performance import Closes, annualized
from desktop_app.core.positions import cash_flow
from desktop_app.core.returns import xirr_points
from desktop_app.services import deliveries as rsu
from desktop_app.services.performance import measure_performance
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes

d = dt.date
FIRST, LAST, IPO = d(2022, 1, 3), d(2024, 6, 28), d(2023, 9, 1)
GROUPS = {"0001.HK": {"0001.HK"}, "AAPL": {"AAPL"}, "9999.HK": {"PRIV", "9999.HK"}, "PRIV2": {"PRIV2"},
          "0002.HK": {"0002.HK"}}
PRIVATE = {"PRIV", "9999.HK", "PRIV2"}  # the private holdings with what they converted into


def _run(*argv):
    assert cli.main(list(argv)) == 0, argv


def _ledger(tmp_path, seed: int) -> str:
    """Two and a half years of a generated ledger, stored through the CLI."""
    rng = random.Random(seed)
    db = str(tmp_path / f"gen{seed}.sqlite3")
    rows, prices, held = [], ["date,symbol,close,currency"], {}
    price = {"0001.HK": 50.0, "AAPL": 150.0, "9999.HK": 30.0, "^HSI": 20000.0, "0002.HK": 8.0}
    currency = {"0001.HK": "HKD", "AAPL": "USD", "9999.HK": "HKD", "^HSI": "HKD", "0002.HK": "HKD"}
    names = {"0001.HK": "One", "AAPL": "Apple", "9999.HK": "Listing", "PRIV": "Private", "PRIV2": "Private two",
             "0002.HK": "Two"}

    def trade(day, kind, symbol, qty, px, fees, cls="listed", ccy=None):
        rows.append(f"{day.isoformat()},{kind},{symbol},{names[symbol]},{cls},{qty},{px},"
                    f"{ccy or currency[symbol]},{fees},,")

    trade(FIRST, "buy", "0001.HK", 1000, "50.00", 25)  # every ledger starts on FIRST
    held["0001.HK"] = 1000
    day = FIRST
    while day <= LAST:
        if day.weekday() < 5:
            for s in price:
                if s == "9999.HK" and day < IPO:
                    continue
                price[s] = max(0.5, price[s] * (1 + rng.gauss(0.0003, 0.02)))
                if rng.random() < 0.93 or s == "^HSI":  # some days without a close: carried forward
                    prices.append(f"{day.isoformat()},{s},{price[s]:.2f},{currency[s]}")
            for s in ("0001.HK", "AAPL", "9999.HK", "0002.HK"):
                if (s == "9999.HK" and day < IPO) or (s == "0002.HK" and day > d(2023, 6, 30)):
                    continue
                roll, px = rng.random(), f"{price[s]:.2f}"
                if roll < 0.04:
                    qty = rng.randint(1, 10) * 100
                    trade(day, "buy", s, qty, px, rng.randint(0, 40))
                    held[s] = held.get(s, 0) + qty
                elif roll < 0.06 and held.get(s, 0) >= 100:
                    qty = rng.randint(1, held[s] // 100) * 100
                    trade(day, "sell", s, qty, px, rng.randint(0, 40))
                    held[s] -= qty
                elif roll < 0.065 and held.get(s):
                    trade(day, "dividend", s, held[s], "0.35", rng.randint(0, 9))
        day += dt.timedelta(days=1)
    trade(d(2023, 3, 1), "split", "0001.HK", 2, "", "")
    for i, when in enumerate((d(2022, 2, 1), d(2022, 8, 15), d(2023, 1, 10))):  # before the IPO only
        trade(when, "buy", "PRIV", 1000 * (i + 1), f"{8 + i}.50", 100, "private", "CNY")
    trade(d(2022, 11, 1), "sell", "PRIV", 500, "11.00", 50, "private", "CNY")
    trade(d(2022, 5, 5), "buy", "PRIV2", 300, "20", 0, "private", "USD")
    for path, text in (("tx.csv", csv_bytes(*rows)), ("p.csv", ("\n".join(prices) + "\n").encode())):
        (tmp_path / path).write_bytes(text)
    _run("--db", db, "import-transactions", str(tmp_path / "tx.csv"))
    _run("--db", db, "import-prices", str(tmp_path / "p.csv"))
    _run("--db", db, "set-fx", "CNY", "HKD", "1.04", "--date", "2021-12-01")  # USD's first rate comes later
    for k in range(10):  # quarterly marks; moving USD and CNY rates
        when = d(2022, 1, 15) + dt.timedelta(days=91 * k)
        if when < IPO:
            _run("--db", db, "add-mark", "PRIV", "--date", when.isoformat(), "--price", f"{9 + k * 0.7:.2f}",
                 "--currency", "CNY", "--source", "round")
        _run("--db", db, "add-mark", "PRIV2", "--date", when.isoformat(), "--price", f"{18 + k}", "--currency",
             "USD", "--source", "secondary")
        _run("--db", db, "set-fx", "USD", "HKD", f"{7.75 + 0.01 * (k % 5)}", "--date", when.isoformat())
        _run("--db", db, "set-fx", "CNY", "HKD", f"{1.05 + 0.01 * (k % 4)}", "--date", when.isoformat())
    _run("--db", db, "set-discount", "PRIV", "20")
    _run("--db", db, "convert", "PRIV", "9999.HK", "--date", IPO.isoformat(), "--ratio", "2", "--currency", "HKD",
         "--fx-rate", "1.08")
    _run("--db", db, "add-grant", "--symbol", "0001.HK", "--type", "rsu", "--granted", "2022-06-01", "--quantity",
         "1200", "--currency", "HKD", "--vesting-start", "2022-06-01", "--cliff-months", "6", "--vesting-months",
         "24", "--frequency", "quarterly")
    return db


def _reference(service: Portfolio, symbols: set[str] | None, lo: dt.date, hi: dt.date, closes: Closes):
    """The long way round: full transactions, the value chart's daily values
    of just these holdings, each flow converted on its own, every day's
    return one by one; XIRR and PME from the day's flows."""
    repo = service.repo
    base = service.settings.ledger_settings().base_currency
    keep = (lambda s: True) if symbols is None else (lambda s: s in symbols)
    txs = [t for t in repo.transactions.all() if keep(t.symbol)]
    delivered = [t for t in rsu.derive(repo) if keep(t.symbol)]
    instruments, _, marks, rates = service.reports.chart_prices(hi)
    quotes = repo.market.all_closes(until=hi)  # Quote objects, the old read
    fx = FxTable(rates)
    before = lo - dt.timedelta(days=1)
    series = daily_values(instruments, [t for t in txs if t.date <= hi], quotes, marks, fx, before, hi, base,
                          repo.holdings.conversions(), service.settings.cost_method(),
                          [t for t in delivered if t.date <= hi])
    values = list(series.values)
    n = (hi - lo).days + 1
    money_in, money_out, moved = [ZERO] * n, [ZERO] * n, [False] * n
    for t in [*txs, *delivered]:
        amount = cash_flow(t)
        rate = fx.rate(t.currency, base, t.date)
        if lo <= t.date <= hi and amount and rate is not None:
            i = (t.date - lo).days
            moved[i] = True
            if amount < 0:
                money_in[i] -= amount * rate
            else:
                money_out[i] += amount * rate
    if values[0]:
        money_in[0] += values[0]
        moved[0] = True
    returns, cumulative, growth, so_far, previous = [], [], ONE, ZERO, ZERO
    for i in range(n):
        value = values[i + 1]
        divisor = previous + money_in[i]
        if not moved[i] and value == previous:
            returns.append(ZERO if previous else None)
        elif divisor:
            r = (value + money_out[i]) / divisor - ONE
            growth *= ONE + r
            so_far = growth - ONE
            returns.append(r)
        else:
            returns.append(None)
        cumulative.append(so_far)
        previous = value
    days = [lo + dt.timedelta(days=i) for i in range(n)]
    points = [(day.toordinal(), float(money_out[i] - money_in[i])) for i, day in enumerate(days) if moved[i]]
    if values[-1]:
        points.append((hi.toordinal(), float(values[-1])))
    counted = sum(r is not None for r in returns)
    twr = so_far if counted else None
    paid_in, paid_out = sum(money_in, ZERO), sum(money_out, ZERO)
    carried_in = carried_out = ZERO
    for i, day in enumerate(days):  # each flow times the index's growth from its day to the end
        if money_in[i] or money_out[i]:
            growth = closes.on(hi) / closes.on(day)
            carried_in += money_in[i] * growth
            carried_out += money_out[i] * growth
    return {"values": tuple(values[1:]), "returns": tuple(returns), "cumulative": tuple(cumulative), "twr": twr,
            "twr_annualized": annualized(twr, n), "xirr": xirr_points(points), "money_in": paid_in,
            "money_out": paid_out, "value_start": values[0], "value_end": values[-1],
            "moic": (paid_out + values[-1]) / paid_in if paid_in else None,
            "pme": (carried_out + values[-1]) / carried_in if carried_in else None}


def _figures(period, pme=None):
    return {"values": period.values, "returns": period.returns, "cumulative": period.cumulative, "twr": period.twr,
            "twr_annualized": period.twr_annualized, "xirr": period.xirr, "money_in": period.money_in,
            "money_out": period.money_out, "value_start": period.value_start, "value_end": period.value_end,
            "moic": period.moic(), "pme": pme}


PERIODS = [(None, None), (d(2022, 1, 3), d(2022, 1, 3)), (d(2022, 2, 1), d(2022, 12, 31)),
           (d(2023, 3, 1), d(2023, 9, 1)), (d(2023, 8, 31), d(2024, 6, 28)), (d(2022, 6, 15), d(2024, 2, 29)),
           (d(2023, 7, 1), d(2023, 7, 31)), (d(2024, 6, 28), d(2024, 6, 28))]


@pytest.fixture(scope="module", params=[1, 2])
def generated(request, tmp_path_factory):
    return _ledger(tmp_path_factory.mktemp(f"perf{request.param}"), request.param)


@pytest.mark.parametrize("lo, hi", PERIODS)
def test_the_fast_path_agrees_with_the_long_way_round(generated, lo, hi):
    with SqliteRepository(generated) as repo:
        service = Portfolio(repo)
        report = measure_performance(service, start=lo, end=hi, benchmarks=["^HSI"])
        closes = Closes((q.date, q.close) for q in repo.market.closes("^HSI"))
        lo, hi = report.start, report.end
        overall = _reference(service, None, lo, hi, closes)
        assert _figures(report.period, report.benchmarks[0].pme) == overall
        if (hi - lo).days > 30:
            assert report.period.counted > 0 and overall["xirr"] is not None  # the ledger is not empty
        held = {h.symbol: h for h in report.holdings}
        for name, group in GROUPS.items():
            expected = _reference(service, group, lo, hi, closes)
            if name not in held:  # gone before the period: no day counted
                assert all(r is None for r in expected["returns"]), name
                continue
            assert _figures(held[name].period, held[name].pme) == expected, name
        assert set(held) <= set(GROUPS)
        if report.private is None:
            assert hi < d(2022, 2, 1)  # before the first private buy: no private holding to measure
        else:
            private = _reference(service, PRIVATE, lo, hi, closes)
            assert _figures(report.private) == {**private, "pme": None}


def test_the_reference_values_are_the_reports(generated):
    """The reference's daily values, a holding at a time, against the
    report's market value on a few days (the report books from scratch)."""
    with SqliteRepository(generated) as repo:
        service = Portfolio(repo)
        closes = Closes((q.date, q.close) for q in repo.market.closes("^HSI"))
        for day in (d(2022, 3, 31), d(2022, 12, 30), d(2023, 8, 31), d(2023, 9, 1), d(2024, 6, 28)):
            report = service.reports.report(as_of=day)
            total = _reference(service, None, day, day, closes)["value_end"]
            assert total == report.totals.market_value_base, day
            # hand check of the plumbing: the holdings' values add up to the total
            assert sum((h.market_value_base or ZERO for h in report.holdings), ZERO) == total, day


def test_one_pass_books_as_the_value_chart_does(generated):
    """The pass's (quantity, cost) after each day of each holding are
    ``core.history.holding_steps``' from full transactions, in full."""
    from desktop_app.core.history import holding_steps
    from desktop_app.core.ledger_pass import replay
    from desktop_app.storage.ledger_rows import ledger_rows

    with SqliteRepository(generated) as repo:
        service = Portfolio(repo)
        stored = repo.transactions.all()
        rows = ledger_rows(repo.conn, repo.transactions)
        rank = {"dividend": 0, "sell": 2}
        in_booking_order = sorted(stored, key=lambda t: (t.date, rank.get(t.type.value, 1)))  # stable: then by id
        assert [r.ref for r in rows] == [t.ref for t in in_booking_order]
        delivered, conversions, method = rsu.derive(repo), repo.holdings.conversions(), service.settings.cost_method()
        assert delivered and conversions  # both are merged into the pass
        for end in (d(2022, 12, 31), IPO, LAST):
            booked = replay(rows, conversions, delivered, method, FxTable(), "HKD", end, end)
            assert booked.steps == holding_steps(stored, conversions, end, method, delivered), end


def _printed(period, pme=None):
    """What ``performance`` prints of a period (no days): the kept figures."""
    return {"twr": period.twr, "twr_annualized": period.twr_annualized, "xirr": period.xirr,
            "money_in": period.money_in, "money_out": period.money_out, "value_start": period.value_start,
            "value_end": period.value_end, "moic": period.moic(), "pme": pme}


@pytest.mark.parametrize("lo, hi", PERIODS)
def test_the_kept_figures_agree_with_the_long_way_round(generated, lo, hi, monkeypatch):
    """The command line's path (``keep=True``): measured and kept by the
    first call, read back by the second (measuring again would fail here),
    and every figure equal to the reference's: portfolio, each holding,
    the private holdings together, the benchmark's PME."""
    from desktop_app.services import performance as perf

    with SqliteRepository(generated) as repo:
        service = Portfolio(repo)
        first = measure_performance(service, start=lo, end=hi, benchmarks=["^HSI"], keep=True)
        monkeypatch.setattr(perf, "_measure_performance", lambda *a: pytest.fail("measured again"))
        report = measure_performance(service, start=lo, end=hi, benchmarks=["^HSI"], keep=True)
        assert report == first
        closes = Closes((q.date, q.close) for q in repo.market.closes("^HSI"))
        lo, hi = report.start, report.end
        assert _printed(report.period, report.benchmarks[0].pme) == _printed_reference(
            _reference(service, None, lo, hi, closes))
        held = {h.symbol: h for h in report.holdings}
        for name, group in GROUPS.items():
            expected = _reference(service, group, lo, hi, closes)
            if name in held:
                assert _printed(held[name].period, held[name].pme) == _printed_reference(expected), name
            else:
                assert all(r is None for r in expected["returns"]), name
        if report.private is not None:
            private = _reference(service, PRIVATE, lo, hi, closes)
            assert _printed(report.private) == _printed_reference({**private, "pme": None})


def _printed_reference(expected):
    return {k: v for k, v in expected.items() if k not in ("values", "returns", "cumulative")}
