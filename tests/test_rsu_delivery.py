"""Issue 11, item 5: vested RSUs become shares.

On each vest date the units that vested become a lot of the underlying at
their value per share that day (the last close or mark on or before it, as
the report values the holding): held, sold, locked and valued with the
holding, not as options; the grant says how many it delivered and at what
cost; MOIC and XIRR count the delivery as money in at that cost. Before,
vested RSUs were "exercisable" options, a sale of them was refused ("only 10
are held") and with HK$78 paid the window showed MOIC 257x."""

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.models import CostMethod
from desktop_app.services.holdings_cache import stale_symbols
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes

CLOSES = {"2025-01-02": "8", "2025-03-31": "150", "2025-09-30": "170", "2025-12-31": "180", "2026-11-27": "200"}
# Vests of 250 on 2025-04-01, 07-01, 10-01 and 2026-01-01, each at the last close on or before it.
VEST_PRICES = [D(150), D(150), D(170), D(180)]


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys, db, as_of=TODAY.isoformat()):
    code, out, err = run(capsys, "--db", db, "report", "--json", "--as-of", as_of)
    assert code == 0, err
    return json.loads(out)


def holding(doc, symbol):
    return next(h for h in doc["holdings"] if h["symbol"] == symbol)


def populate(path: str, tmp_path) -> str:
    (tmp_path / "tx.csv").write_bytes(csv_bytes("2025-01-02,buy,0100,MiniMax,listed,10,7.8,HKD,,,"))  # HK$78
    (tmp_path / "p.csv").write_text("date,symbol,close,currency\n"
                                    + "".join(f"{d},0100.HK,{c},HKD\n" for d, c in CLOSES.items()))
    for argv in (["import-transactions", str(tmp_path / "tx.csv")], ["import-prices", str(tmp_path / "p.csv")],
                 ["add-grant", "--symbol", "0100", "--type", "rsu", "--granted", "2025-01-01", "--quantity", "1000",
                  "--currency", "HKD", "--vesting-start", "2025-01-01", "--cliff-months", "0",
                  "--vesting-months", "12", "--frequency", "quarterly", "--id", "R1"]):
        assert cli.main(["--db", path, *argv]) == 0, argv
    return path


@pytest.fixture
def db(tmp_path, capsys):
    path = populate(str(tmp_path / "rsu.sqlite3"), tmp_path)
    capsys.readouterr()
    return path


def test_vested_rsus_are_a_holding_at_their_vest_day_value(capsys, db):
    doc = report(capsys, db)
    (grant,) = doc["grants"]
    delivered_cost = sum(D(250) * p for p in VEST_PRICES)
    assert (grant["vested"], grant["delivered"], grant["exercisable"]) == ("1000", "1000", "0")
    assert D(grant["delivered_cost"]) == delivered_cost and grant["delivered_cost_currency"] == "HKD"
    assert grant["intrinsic_value"] == "0.00" and grant["unpriced_vest_dates"] == []
    h = holding(doc, "0100.HK")
    assert h["quantity"] == "1010" and D(h["cost_basis"]) == D(78) + delivered_cost
    assert D(h["market_value"]) == 1010 * D(200)
    t = doc["totals"]
    assert t["options_base"] == "0.00" and D(t["liquid_base"]) == 1010 * D(200)
    # MOIC measures from what the shares cost: the delivery is money in at that cost.
    assert abs(D(t["moic"]) - 1010 * D(200) / (D(78) + delivered_cost)) < D("0.0001")
    assert D("0") < D(t["xirr"]) < D("1")
    # Between vests only what had vested: --as-of replays the deliveries too.
    mid = report(capsys, db, "2025-08-01")
    assert holding(mid, "0100.HK")["quantity"] == "510"
    assert D(holding(mid, "0100.HK")["cost_basis"]) == D(78) + 250 * (VEST_PRICES[0] + VEST_PRICES[1])


def test_delivered_shares_can_be_sold_and_locked(capsys, db, tmp_path):
    sale = tmp_path / "sale.csv"
    sale.write_bytes(csv_bytes("2026-02-02,sell,0100,MiniMax,listed,1011,190,HKD,,,"))
    code, _, err = run(capsys, "--db", db, "import-transactions", str(sale))
    assert code == 2 and "only 1010 are held" in err
    sale.write_bytes(csv_bytes("2026-02-02,sell,0100,MiniMax,listed,500,190,HKD,,,"))
    assert run(capsys, "--db", db, "import-transactions", str(sale))[0] == 0
    # A sale on a vest day itself: the day's delivery comes before the day's sales.
    sale.write_bytes(csv_bytes("2025-04-01,sell,0100,MiniMax,listed,260,150,HKD,,,"))
    assert run(capsys, "--db", db, "import-transactions", str(sale))[0] == 0
    # Locked from after those sales (without a first day it would have blocked the sale of 2025-04-01).
    code, _, err = run(capsys, "--db", db, "add-lockup", "0100", "--until", "2036-06-30", "--quantity", "200")
    assert code == 2 and "2025-04-01" in err
    assert run(capsys, "--db", db, "add-lockup", "0100", "--until", "2036-06-30", "--quantity", "200",
               "--from", "2026-02-03")[0] == 0
    h = holding(report(capsys, db), "0100.HK")
    assert (h["quantity"], h["locked_quantity"], h["tradable_quantity"]) == ("250", "200", "50")
    # A lock-up on the lot one vest delivered (FIFO: what is left of it after the sales).
    assert run(capsys, "--db", db, "add-lockup", "0100", "--until", "2036-06-30", "--lot-date", "2026-01-01")[0] == 0
    h = holding(report(capsys, db), "0100.HK")
    assert (h["quantity"], h["locked_quantity"]) == ("250", "250")
    # The entry dialog's check counts the delivered shares as held: a sale of
    # them is refused for the lock-ups only, not as an oversell.
    with SqliteRepository(Path(db)) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        record = {"date": "2026-03-02", "type": "sell", "symbol": "0100.HK", "name": "", "asset_class": "listed",
                  "quantity": "250", "price": "190", "currency": "HKD", "fees": "", "account": "", "note": ""}
        row, errors = service.ledger.check_transaction(record)
        assert [e.code for e in errors] == ["locked"] and "250 held" in errors[0].message


def test_leaving_stops_the_deliveries_and_keeps_the_delivered_lots(capsys, db):
    assert run(capsys, "--db", db, "set-termination", "R1", "2025-08-15")[0] == 0
    doc = report(capsys, db)
    (grant,) = doc["grants"]
    assert (grant["vested"], grant["delivered"], grant["unvested"]) == ("500", "500", "500")
    assert holding(doc, "0100.HK")["quantity"] == "510"


def test_a_vest_with_no_price_is_booked_at_zero_with_a_warning(capsys, tmp_path):
    db = str(tmp_path / "np.sqlite3")
    assert run(capsys, "--db", db, "add-grant", "--symbol", "STEPFUN", "--type", "rsu", "--granted", "2025-01-01",
               "--quantity", "100", "--currency", "USD", "--vesting-start", "2025-01-01", "--cliff-months", "0",
               "--vesting-months", "2", "--frequency", "monthly", "--id", "S1")[0] == 0
    assert run(capsys, "--db", db, "add-mark", "STEPFUN", "--date", "2025-02-15", "--price", "4", "--currency",
               "USD", "--source", "round")[0] == 0
    assert run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2024-12-01")[0] == 0
    doc = report(capsys, db, "2025-06-01")
    h = holding(doc, "STEPFUN")
    # 50 on 2025-02-01 (no price yet: cost 0), 50 on 2025-03-01 at the mark of 4.
    assert h["quantity"] == "100" and D(h["cost_basis"]) == 50 * D(4) and h["market_value"] == "400.00"
    (grant,) = doc["grants"]
    assert grant["unpriced_vest_dates"] == ["2025-02-01"]
    assert [w for w in doc["warnings"] if "S1" in w and "2025-02-01" in w]
    code, out, _ = run(capsys, "--db", db, "report", "--as-of", "2025-06-01")
    assert code == 0 and "warning: grant S1" in out and "delivered 100 as shares" in out
    # Many vests with no price: one warning for the grant, naming the first date and the count.
    assert run(capsys, "--db", db, "add-grant", "--symbol", "STEPFUN", "--type", "rsu", "--granted", "2024-01-01",
               "--quantity", "120", "--currency", "USD", "--vesting-start", "2024-01-01", "--cliff-months", "0",
               "--vesting-months", "12", "--frequency", "monthly", "--id", "S2")[0] == 0
    warnings = [w for w in report(capsys, db, "2025-06-01")["warnings"] if "S2" in w]
    assert warnings == ["grant S2: no price of STEPFUN on or before 2024-02-01 and 11 later vest dates "
                        "(to 2025-01-01); the 120 shares delivered then are booked at a cost of 0"]


@pytest.mark.parametrize("method", list(CostMethod))
def test_the_cache_follows_a_new_price_on_or_before_a_vest_date(capsys, db, method):
    """The delivery of 2025-07-01 costs the close of 2025-03-31 until a close of
    2025-06-30 arrives: from then on it costs that one, from the cache as
    from a replay, whether the close came through an import (which rebuilds
    the row) or straight into the store (as a refresh writes it)."""
    with SqliteRepository(Path(db)) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        ledger = repo.transactions.all()
        before = service.reports.report(cost_method=method)
        assert before.totals == service.reports.report(cost_method=method, transactions=ledger).totals
        assert stale_symbols(repo, TODAY) == set()
        from desktop_app.core.models import Quote
        with repo.write():
            repo.market.upsert_quotes([Quote("0100.HK", dt.date(2025, 6, 30), D("165"), "HKD")])
        assert stale_symbols(repo, TODAY) == {"0100.HK"}  # the window heals it after its first paint
        after = service.reports.report(cost_method=method)
        assert after.totals == service.reports.report(cost_method=method, transactions=ledger).totals
        h = next(h for h in after.holdings if h.symbol == "0100.HK")
        assert h.cost_basis == D(78) + 250 * (VEST_PRICES[0] + D(165) + VEST_PRICES[2] + VEST_PRICES[3])
        service.cache.heal()
        assert stale_symbols(repo, TODAY) == set()
        assert service.reports.report(cost_method=method).totals == after.totals


def test_the_window_shows_delivered_shares_as_a_holding(db_path, tmp_path, make_window):
    populate(str(db_path), tmp_path)
    assert cli.main(["--db", str(db_path), "add-grant", "--symbol", "0100", "--type", "rsu", "--granted",
                     "2026-10-01", "--quantity", "120", "--currency", "HKD", "--vesting-start", "2026-10-01",
                     "--cliff-months", "0", "--vesting-months", "12", "--frequency", "monthly", "--id", "R2"]) == 0
    assert cli.main(["--db", str(db_path), "add-grant", "--symbol", "STEPFUN", "--type", "rsu", "--granted",
                     "2025-01-01", "--quantity", "100", "--currency", "HKD", "--vesting-start", "2025-01-01",
                     "--cliff-months", "0", "--vesting-months", "4", "--frequency", "monthly", "--id", "R3"]) == 0
    window = make_window()
    # R3's underlying has no price at all: one line for its four vests, not four.
    assert window.overview.warnings_label.text().count("Grant R3") == 1
    assert "no price of STEPFUN on 4 vest dates from" in window.overview.warnings_label.text()
    snap = window.snapshot
    assert snap.breakdown.options == 0 and snap.breakdown.exercise_cost == 0
    held = next(h for h in snap.report.holdings if h.symbol == "0100.HK")
    assert held.position.quantity == 1020  # 10 bought, 1000 from R1, 10 from R2 (2026-11-01)
    assert snap.breakdown.liquid == held.market_value_base
    page = window.grants_page
    rows = {page.table.item(r, 0).text(): r for r in range(page.table.rowCount())}
    assert page.table.item(rows["R1"], 5).text() == "1,000 delivered"
    assert page.table.item(rows["R2"], 5).text() == "10 delivered"
    assert page.table.item(rows["R1"], 8).text() == "—"
    assert "10 shares delivered (R2)" in window.overview.deadlines_label.text()  # the next vest, 2026-12-01
    # The entry dialog's own check counts the delivered shares as held.
    check, _ = window.transactions_page.check(None)
    record = {"date": "2026-11-27", "type": "sell", "symbol": "0100.HK", "name": "MiniMax", "asset_class": "listed",
              "quantity": "1020", "price": "200", "currency": "HKD", "fees": "", "account": "", "note": ""}
    assert check(record) == []
    assert [e.code for e in check({**record, "quantity": "1021"})] == ["oversell"]


def test_a_ledger_of_rsus_alone_is_not_empty(tmp_path):
    """An employee with RSUs and no trade holds shares: the window shows them."""
    from desktop_app.services.snapshot import build_snapshot

    path = tmp_path / "only.sqlite3"
    assert cli.main(["--db", str(path), "add-grant", "--symbol", "STEPFUN", "--type", "rsu", "--granted",
                     "2025-01-01", "--quantity", "100", "--currency", "USD", "--vesting-start", "2025-01-01",
                     "--cliff-months", "0", "--vesting-months", "4", "--frequency", "monthly"]) == 0
    with SqliteRepository(path) as repo:
        snap = build_snapshot(Portfolio(repo, today=lambda: TODAY))
    assert not snap.empty and [h.position.quantity for h in snap.report.holdings] == [100]
    assert snap.series.values[-1] == snap.report.totals.market_value_base


def test_a_refresh_that_prices_a_vest_day_rebuilds_the_cache_row(tmp_path):
    """A refresh stores the close of the vest day (2026-11-27, 500 from the fake
    source): the delivery now costs that, and the cache row is rebuilt in the
    refresh's own write rather than left for the window to heal."""
    from desktop_app.services.price_service import PriceService
    from tests.gui_support import FakeSource

    path = tmp_path / "r.sqlite3"
    (tmp_path / "tx.csv").write_bytes(csv_bytes("2026-11-02,buy,0100,MiniMax,listed,10,100,HKD,,,"))
    (tmp_path / "p.csv").write_text("date,symbol,close,currency\n2026-11-20,0100.HK,150,HKD\n")
    for argv in (["import-transactions", str(tmp_path / "tx.csv")], ["import-prices", str(tmp_path / "p.csv")],
                 ["add-grant", "--symbol", "0100", "--type", "rsu", "--granted", "2026-10-27", "--quantity", "40",
                  "--currency", "HKD", "--vesting-start", "2026-10-27", "--cliff-months", "0",
                  "--vesting-months", "1", "--frequency", "monthly"]):
        assert cli.main(["--db", str(path), *argv]) == 0, argv
    with SqliteRepository(path) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        held = next(h for h in service.reports.report().holdings if h.symbol == "0100.HK")
        assert (held.position.quantity, held.cost_basis) == (50, D(1000) + 40 * D(150))
        PriceService(repo, FakeSource(), today=lambda: TODAY).refresh(["0100.HK"])
        assert stale_symbols(repo, TODAY) == set()
        cached = service.reports.report()
        held = next(h for h in cached.holdings if h.symbol == "0100.HK")
        assert held.cost_basis == D(1000) + 40 * D(500)
        assert cached.totals == service.reports.report(transactions=repo.transactions.all()).totals


def test_leaving_earlier_is_refused_when_a_sale_of_delivered_shares_would_be_stranded(capsys, db, tmp_path):
    """1010 held after the last vest and 800 sold in February 2026: leaving in
    August 2025 would leave only 510 delivered by then, so it is refused and
    nothing changes; leaving after the last vest is fine."""
    sale = tmp_path / "sale.csv"
    sale.write_bytes(csv_bytes("2026-02-02,sell,0100,MiniMax,listed,800,190,HKD,,,"))
    assert run(capsys, "--db", db, "import-transactions", str(sale))[0] == 0
    code, _, err = run(capsys, "--db", db, "set-termination", "R1", "2025-08-15")
    assert code == 2 and "sells 800 0100.HK on 2026-02-02" in err and "unexpected" not in err
    assert holding(report(capsys, db), "0100.HK")["quantity"] == "210"
    assert run(capsys, "--db", db, "set-termination", "R1", "2026-01-05")[0] == 0
    assert holding(report(capsys, db), "0100.HK")["quantity"] == "210"


def test_leaving_earlier_is_refused_when_a_dividend_or_a_lockup_would_be_broken(capsys, db, tmp_path):
    """The input rules, not only oversells: a dividend on 600 shares in March
    2026 needs the 1010 delivered by then, and a 600-share lock-up leaves no
    room for the February sale of 300 once leaving in August 2025 cuts the
    holding to 510. Both refused, nothing changed (a delete with the same
    effect already was)."""
    more = tmp_path / "more.csv"
    more.write_bytes(csv_bytes("2026-03-02,dividend,0100,MiniMax,listed,600,1,HKD,,,"))
    assert run(capsys, "--db", db, "import-transactions", str(more))[0] == 0
    code, _, err = run(capsys, "--db", db, "set-termination", "R1", "2025-08-15")
    assert code == 2 and "a dividend on 600 0100.HK on 2026-03-02" in err
    assert holding(report(capsys, db), "0100.HK")["quantity"] == "1010"
    db2 = populate(str(tmp_path / "lock.sqlite3"), tmp_path)
    more.write_bytes(csv_bytes("2026-02-02,sell,0100,MiniMax,listed,300,190,HKD,,,"))
    assert run(capsys, "--db", db2, "import-transactions", str(more))[0] == 0
    assert run(capsys, "--db", db2, "add-lockup", "0100", "--until", "2036-01-01", "--quantity", "500",
               "--reason", "cornerstone")[0] == 0
    code, _, err = run(capsys, "--db", db2, "set-termination", "R1", "2025-08-15")
    assert code == 2 and "cornerstone" in err
    assert run(capsys, "--db", db2, "set-termination", "R1", "2026-01-05")[0] == 0


def test_no_grant_on_a_private_symbol_after_its_ipo_conversion(capsys, tmp_path):
    """The conversion restated the grants it found; one added afterwards on
    the private symbol would stay private, valued at old marks."""
    db = str(tmp_path / "c.sqlite3")
    (tmp_path / "tx.csv").write_bytes(csv_bytes("2025-01-02,buy,ZPRE,Zhipu pre-IPO,private,1000,10,HKD,,,"))
    assert run(capsys, "--db", db, "import-transactions", str(tmp_path / "tx.csv"))[0] == 0
    assert run(capsys, "--db", db, "convert", "ZPRE", "9999.HK", "--date", "2025-06-01", "--ratio", "2")[0] == 0
    code, _, err = run(capsys, "--db", db, "add-grant", "--symbol", "ZPRE", "--type", "rsu", "--granted",
                       "2025-07-01", "--quantity", "40", "--currency", "HKD", "--vesting-start", "2025-07-01",
                       "--cliff-months", "0", "--vesting-months", "12", "--frequency", "quarterly", "--id", "G2")
    assert code == 2 and "9999.HK" in err
    assert report(capsys, db)["grants"] == []


def test_rsus_on_private_shares_that_list(capsys, tmp_path):
    """RSUs on pre-IPO shares: vests before the listing deliver private shares
    (valued by the private marks less the discount), some sold in a tender;
    the IPO converts them 10 for 1 and restates the grant on the listing, whose
    later vests deliver listed shares. The tender sale stays covered, the
    history before the IPO is unchanged by it, and the chart is the report."""
    db = str(tmp_path / "ipo.sqlite3")
    for argv in (
            ["add-grant", "--symbol", "ZHIPU-PRE", "--type", "rsu", "--granted", "2025-01-01", "--quantity", "400",
             "--currency", "HKD", "--vesting-start", "2025-01-01", "--cliff-months", "0", "--vesting-months", "12",
             "--frequency", "quarterly", "--id", "Z1"],
            ["add-mark", "ZHIPU-PRE", "--date", "2024-12-01", "--price", "100", "--currency", "HKD", "--source",
             "round"],
            ["set-discount", "ZHIPU-PRE", "20"]):
        assert cli.main(["--db", db, *argv]) == 0, argv
    tender = tmp_path / "t.csv"
    tender.write_bytes(csv_bytes("2025-05-01,sell,ZHIPU-PRE,,private,60,120,HKD,,,tender"))
    assert cli.main(["--db", db, "import-transactions", str(tender)]) == 0
    capsys.readouterr()
    before = report(capsys, db, "2025-06-01")
    assert holding(before, "ZHIPU-PRE")["quantity"] == "40"  # 100 delivered on 2025-04-01, 60 sold
    assert holding(before, "ZHIPU-PRE")["cost_basis"] == "3200.00"  # 40 x 100 less 20%
    assert cli.main(["--db", db, "convert", "ZHIPU-PRE", "2513.HK", "--date", "2025-08-01", "--ratio", "10"]) == 0
    (tmp_path / "p.csv").write_text("date,symbol,close,currency\n2025-09-15,2513.HK,9,HKD\n")
    assert cli.main(["--db", db, "import-prices", str(tmp_path / "p.csv")]) == 0
    capsys.readouterr()
    assert report(capsys, db, "2025-06-01")["holdings"] == before["holdings"]
    after = report(capsys, db)
    listed = holding(after, "2513.HK")
    # 400 private (1000 restated as 10 listed each): 40 + 100 (2025-07-01) left before the IPO = 1400
    # listed, then 1000 + 1000 on 2025-10-01 and 2026-01-01.
    assert listed["quantity"] == "3400"
    (grant,) = after["grants"]
    assert (grant["symbol"], grant["delivered"], grant["exercisable"]) == ("2513.HK", "4000", "0")
    assert D(listed["cost_basis"]) == 140 * D(80) + 2000 * D(9)
    with SqliteRepository(Path(db)) as repo:
        service = Portfolio(repo, today=lambda: TODAY)
        series = service.reports.value_series(dt.date(2025, 1, 1), TODAY)
        for day, value in zip(series.days, series.values, strict=True):
            assert value == sum((h.market_value_base or 0) for h in service.reports.report(as_of=day).holdings), day


def test_a_second_listing_conversion_leaves_the_restated_grant_on_its_private_shares(capsys, tmp_path):
    """Once two private holdings convert into one listing, the RSU grant the
    first conversion restated still knows it was granted on ZHIPU-PRE (the
    conversion records it): its vests before the IPO still deliver ZHIPU-PRE,
    so the tender sale of 60 of them stays covered and the second conversion
    is stored. (The old rule could not tell which holding the grant came
    from, delivered listed shares from the start and refused the conversion.)"""
    from tests.conftest import private_holding_converted_with_a_tender_sale

    db = private_holding_converted_with_a_tender_sale(tmp_path)
    capsys.readouterr()
    history = report(capsys, db, "2025-06-01")["holdings"]
    code, _, err = run(capsys, "--db", db, "convert", "ZHIPU-B", "2513.HK", "--date", "2025-08-01", "--ratio", "10")
    assert code == 0, err
    assert report(capsys, db, "2025-06-01")["holdings"] == history  # 40 ZHIPU-PRE, 50 ZHIPU-B, as before
    # 3,400 listed from Z1 (as in the test above) + ZHIPU-B's 50 x 10 = 3,900.
    assert holding(report(capsys, db), "2513.HK")["quantity"] == "3900"


# RSU vests are delivered from their grant. Before that, a user had to type a vest in as a buy
# to be able to sell the shares; such a buy now counts them twice. The report and the window
# say so for a recorded buy of the vest's symbol, day and shares (and only for those).
VEST_BUYS = (b"date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n"
             b"2026-02-01,buy,0100.HK,MiniMax,listed,100,50,HKD,,,vest typed in\n"
             b"2026-03-01,buy,0100.HK,MiniMax,listed,99,50,HKD,,,a real buy\n"
             b"2026-04-02,buy,0100.HK,MiniMax,listed,100,50,HKD,,,a day after the vest\n")
DOUBLED = ("grant R1: a recorded buy of 100 0100.HK on 2026-02-01 matches the RSU vest delivered that day, "
           "which the grant already counts; if that buy records the vest, delete it")


def vest_ledger(tmp_path, capsys, db):
    prices, txs = tmp_path / "p.csv", tmp_path / "t.csv"
    prices.write_text("date,symbol,close,currency\n2026-01-02,0100.HK,50,HKD\n2026-11-27,0100.HK,80,HKD\n")
    txs.write_bytes(VEST_BUYS)
    for argv in (["import-prices", str(prices)],
                 ["add-grant", "--symbol", "0100.HK", "--type", "rsu", "--granted", "2026-01-01", "--quantity", "400",
                  "--currency", "HKD", "--vesting-start", "2026-01-01", "--cliff-months", "0", "--vesting-months", "4",
                  "--frequency", "monthly", "--id", "R1"],
                 ["import-transactions", str(txs)]):
        assert cli.main(["--db", db, *argv]) == 0, capsys.readouterr()
    capsys.readouterr()


def report_warnings(capsys, db, *extra):
    assert cli.main(["--db", db, "report", "--json", "--as-of", "2026-11-28", *extra]) == 0
    return json.loads(capsys.readouterr().out)["warnings"]


def test_a_vest_typed_in_as_a_buy_is_pointed_out(tmp_path, capsys):
    db = str(tmp_path / "v.sqlite3")
    vest_ledger(tmp_path, capsys, db)
    assert report_warnings(capsys, db) == [DOUBLED]  # the 99 shares and the day after are not flagged
    assert cli.main(["--db", db, "report", "--as-of", "2026-01-31"]) == 0  # before the vest: nothing to say
    assert "matches the RSU vest" not in capsys.readouterr().out
    with SqliteRepository(Path(db)) as repo:
        typed = next(t for t in repo.transactions.all() if t.note == "vest typed in")
        Portfolio(repo, today=lambda: dt.date(2026, 11, 28)).ledger.delete_transaction(int(typed.ref))
    assert report_warnings(capsys, db) == []


@pytest.mark.parametrize("language, words", [
    ("en", "Grant R1: the buy of 100 0100.HK on 1 Feb 2026 matches a vest the grant already delivers"),
    ("zh_CN", "授予 R1：2026年2月1日 买入的 100 股 0100.HK 与该授予已交付的一次归属相同"),
])
def test_the_window_says_a_vest_was_typed_in_as_a_buy(tmp_path, capsys, db_path, make_window, language, words):
    vest_ledger(tmp_path, capsys, str(db_path))
    window = make_window(language=language)
    assert window.overview.warnings_label.isVisible()
    assert words in window.overview.warnings_label.text()
