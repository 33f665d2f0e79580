"""The value-over-time chart against the report, day by day, on a ledger with
everything that moves a value: HKD, USD and CNY holdings, a split, dividends,
partial sales, awkward FX rates (so that rounding each holding to cents
matters), a discounted private mark, a mark quoted in another currency than
its holding, two private holdings converting into one listing (the newest
carried mark must win), Yahoo's intraday price, an option grant with leaving,
an exercise and the window closing, and RSUs, quarterly on a listed share and
monthly on the discounted private one with leaving, whose vests are delivered
as shares (priced at the value of their vest day) and sold, one sale on a vest
day itself (issue 11, item 5). For every day and both
cost methods the chart's holdings equal the report's holdings and its options
equal the report's options; the report from the cache equals the replay.

(Found by a review: before, the chart rounded once per day instead of per
holding, converted a foreign-currency mark straight into the base, ignored the
intraday price, and the report took the carried mark of the last conversion
rather than the newest.)"""

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.models import CostMethod
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import csv_bytes

START, END = dt.date(2025, 1, 1), dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def rich_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rich")
    db = str(folder / "rich.sqlite3")

    def run(*argv):
        assert cli.main(["--db", db, *argv]) == 0, argv

    (folder / "tx.csv").write_bytes(csv_bytes(
        "2025-01-10,buy,0100,MiniMax,listed,300,101.37,HKD,13.13,,",
        "2025-02-03,buy,BIDU,Baidu,listed,50,88.41,USD,1.07,,",
        "2025-03-01,buy,ZHIPU-PRE,Zhipu pre-IPO,private,1000,50.33,CNY,12,,",
        "2025-03-01,buy,ZHIPU-B,Zhipu B shares,private,200,48,CNY,,,",
        "2025-03-15,buy,MOONSHOT,Moonshot,private,700,12.57,USD,25,,",
        "2025-04-01,buy,ZHIPU-PRE,Zhipu pre-IPO,private,500,61.11,CNY,3,,",
        "2025-05-20,sell,ZHIPU-PRE,Zhipu pre-IPO,private,300,70.07,CNY,5,,",
        "2025-06-10,split,0100,MiniMax,listed,3,,HKD,,,",
        "2025-06-11,dividend,BIDU,Baidu,listed,50,0.37,USD,0.02,,",
        "2025-07-01,sell,0100,MiniMax,listed,250,40.13,HKD,3.3,,",
        "2025-08-08,sell,BIDU,Baidu,listed,20,95.55,USD,0.9,,",
        "2025-09-09,dividend,0100,MiniMax,listed,650,0.11,HKD,,,",
        "2025-10-10,buy,0100,MiniMax,listed,33,45.67,HKD,,,",
    ))
    run("import-transactions", str(folder / "tx.csv"))
    for pair in (("USD", "HKD", "7.8123", "2025-01-01"), ("USD", "HKD", "7.7711", "2025-05-01"),
                 ("USD", "HKD", "7.7937", "2025-08-15"), ("USD", "HKD", "7.8019", "2026-02-01"),
                 ("CNY", "HKD", "1.0777", "2025-01-01"), ("CNY", "HKD", "1.0913", "2025-06-01"),
                 ("CNY", "HKD", "1.0851", "2025-12-20"), ("CNY", "USD", "0.1380", "2026-03-01")):
        run("set-fx", *pair[:3], "--date", pair[3])
    for symbol, day, price, ccy, source in (
            ("ZHIPU-PRE", "2025-04-15", "66.66", "CNY", "secondary"),
            ("ZHIPU-PRE", "2025-11-01", "81.23", "CNY", "round"),
            ("ZHIPU-B", "2025-12-01", "90.01", "CNY", "secondary"), ("ZHIPU-B", "2025-05-01", "55", "CNY", "bid"),
            ("MOONSHOT", "2025-06-30", "15.55", "USD", "secondary"), ("MOONSHOT", "2025-12-31", "19.99", "USD", "bid"),
            ("MOONSHOT", "2026-04-01", "151.7", "CNY", "secondary"),  # a CNY quote for a USD holding
            ("STEPFUN", "2025-09-01", "6.13", "USD", "round"), ("STEPFUN", "2026-03-15", "9.07", "USD", "secondary")):
        run("add-mark", symbol, "--date", day, "--price", price, "--currency", ccy, "--source", source)
    run("set-discount", "MOONSHOT", "27")
    # B converts first, so its (newer) mark comes first among the carried ones.
    run("convert", "ZHIPU-B", "2513.HK", "--date", "2026-01-08", "--ratio", "10", "--currency", "HKD")
    run("convert", "ZHIPU-PRE", "2513.HK", "--date", "2026-01-08", "--ratio", "10")
    run("add-grant", "--symbol", "STEPFUN", "--type", "option", "--granted", "2024-03-31", "--quantity", "4800",
        "--strike", "0.83", "--currency", "USD", "--vesting-start", "2024-03-31", "--cliff-months", "12",
        "--vesting-months", "48", "--frequency", "monthly", "--terminated", "2026-02-10")
    run("exercise", "STEPFUN-1", "--date", "2026-03-20", "--quantity", "1000")
    run("add-grant", "--symbol", "0100", "--type", "rsu", "--granted", "2025-07-01", "--quantity", "120",
        "--currency", "HKD", "--vesting-start", "2025-07-01", "--cliff-months", "0", "--vesting-months", "12",
        "--frequency", "quarterly")
    run("add-grant", "--symbol", "MOONSHOT", "--type", "rsu", "--granted", "2025-02-01", "--quantity", "400",
        "--currency", "USD", "--vesting-start", "2025-02-01", "--cliff-months", "6", "--vesting-months", "24",
        "--frequency", "monthly", "--terminated", "2026-02-20")
    # 700 bought, 100 delivered on 2025-08-01 and sold that day with the rest; then 16 or 17 a month.
    (folder / "rsu.csv").write_bytes(csv_bytes("2025-08-01,sell,MOONSHOT,Moonshot,private,800,16.1,USD,2,,",
                                               "2026-01-15,sell,MOONSHOT,Moonshot,private,80,18.5,USD,,,"))
    run("import-transactions", str(folder / "rsu.csv"))
    (folder / "p.csv").write_text("date,symbol,close,currency\n" + "".join(
        f"{d},{s},{c},{ccy}\n" for d, s, c, ccy in (
            ("2025-01-20", "0100.HK", "103.33", "HKD"), ("2025-06-12", "0100.HK", "35.57", "HKD"),
            ("2025-11-03", "0100.HK", "48.91", "HKD"), ("2026-03-02", "0100.HK", "51.13", "HKD"),
            ("2025-02-05", "BIDU", "87.77", "USD"), ("2025-09-01", "BIDU", "99.99", "USD"),
            ("2026-02-20", "2513.HK", "10.07", "HKD"))))
    run("import-prices", str(folder / "p.csv"))
    with SqliteRepository(Path(db)) as repo, repo.write():  # what a refresh in trading hours stores
        repo.market.upsert_latest_price("0100.HK", D("60.00"), "HKD", dt.datetime(2026, 3, 3, 3, 0, tzinfo=dt.UTC),
                                 dt.date(2026, 3, 3), dt.datetime(2026, 3, 3, 3, 1, tzinfo=dt.UTC))
    return db


@pytest.mark.parametrize("method", list(CostMethod))
def test_every_day_of_the_chart_is_the_report_of_that_day(rich_db, method):
    with SqliteRepository(Path(rich_db)) as repo:
        service = Portfolio(repo, today=lambda: END)
        ledger = repo.transactions.all()
        series = service.reports.value_series(START, END, method=method)
        assert len(series.days) == len(series.values) == len(series.options) == (END - START).days + 1
        for day, holdings, options in zip(series.days, series.values, series.options, strict=True):
            cached = service.reports.report(as_of=day, cost_method=method)
            replayed = service.reports.report(as_of=day, cost_method=method, transactions=ledger)
            assert holdings == sum((h.market_value_base or 0) for h in cached.holdings), day
            assert options == cached.totals.options_base, day
            assert cached.totals == replayed.totals, day
        # It is not a quiet ledger: the things above happened inside the range.
        assert len(set(series.values)) > 25 and len(set(series.options)) > 5
    # The RSUs are holdings, not options: the options line is the StepFun options' alone.
    with SqliteRepository(Path(rich_db)) as repo:
        report = Portfolio(repo, today=lambda: END).reports.report(as_of=dt.date(2026, 3, 1), cost_method=method)
    moonshot = next(h for h in report.holdings if h.symbol == "MOONSHOT")
    # 400 x 12/24 = 200 vested by leaving (the 2026-02-01 vest), 880 sold of 700 + 200.
    assert moonshot.position.quantity == 20
    assert {g.state.grant.id: g.state.delivered for g in report.grants if g.state.grant.type.value == "rsu"} == {
        "0100.HK-1": 60, "MOONSHOT-1": 200}


def test_the_newest_carried_mark_prices_the_listing_before_its_first_close(rich_db):
    """Both private holdings converted into 2513.HK; ZHIPU-B's last mark
    (90.01 CNY, December) is newer than ZHIPU-PRE's (81.23 CNY, November), so
    until the first close 2513.HK is priced from B's, although PRE converted last."""
    with SqliteRepository(Path(rich_db)) as repo:
        report = Portfolio(repo).reports.report(as_of=dt.date(2026, 1, 20))
    listed = next(h for h in report.holdings if h.symbol == "2513.HK")
    assert listed.price.date == dt.date(2025, 12, 1)
    assert listed.price_in_currency == D("90.01") / 10 * D("1.0851")


def test_the_chart_ends_at_the_headline_when_a_day_has_two_marks(tmp_path):
    """Issue 11, item 18: the chart's last point and the headline differed by
    0.05 (on a 1M-row ledger). Not float drift (the series is Decimal, rounded
    per holding, and a 1M-row benchmark ledger agreed to the cent) but two
    marks on one day, a bid and then an ask: the report values a holding with
    the last recorded of a day's marks, the chart (and its options) took the
    first. 5 shares x 0.01 = 0.05."""
    from desktop_app.services.snapshot import build_snapshot

    db = str(tmp_path / "marks.sqlite3")
    (tmp_path / "tx.csv").write_bytes(csv_bytes("2025-01-02,buy,PRIV,Private Co,private,5,10,HKD,,,"))
    for argv in (("import-transactions", str(tmp_path / "tx.csv")),
                 ("add-mark", "PRIV", "--date", "2025-06-01", "--price", "11", "--currency", "HKD", "--source", "bid"),
                 ("add-mark", "PRIV", "--date", "2025-06-01", "--price", "11.01", "--currency", "HKD", "--source",
                  "ask"),
                 ("add-grant", "--symbol", "PRIV", "--type", "option", "--granted", "2025-01-01", "--quantity", "100",
                  "--strike", "1", "--currency", "HKD", "--vesting-start", "2025-01-01", "--cliff-months", "0",
                  "--vesting-months", "1", "--frequency", "monthly")):
        assert cli.main(["--db", db, *argv]) == 0, argv
    with SqliteRepository(Path(db)) as repo:
        snapshot = build_snapshot(Portfolio(repo, today=lambda: END))
    holding = snapshot.report.holdings[0]
    assert holding.price_in_currency == D("11.01")  # the last recorded of the day's marks
    assert snapshot.series.values[-1] == holding.market_value_base
    assert snapshot.series.options[-1] == snapshot.report.totals.options_base
    assert snapshot.series.values[-1] + snapshot.series.options[-1] == snapshot.report.totals.paper_wealth_base
