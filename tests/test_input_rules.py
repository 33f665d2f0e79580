"""Issue 11, items 6, 8, 9, 10 and 12: input rules that let wrong numbers in.

Dividends on more shares than held, exchange rates far from the stored ones,
lock-ups (already over, larger than the holding, sold into), transactions on
a private symbol after its IPO conversion, and the currency of each point of
a price history."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.services.errors import EntryRejected, UserFacingError
from desktop_app.services.private_holdings import PrivateHoldingsService
from tests.conftest import csv_bytes

FAR = "2036-12-31"  # a lock-up still running whatever day the tests run on


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def ledger(tmp_path, capsys):
    """500 2513.HK bought 2026-02-02; 100 ZPRE (private) bought 2025-03-01;
    USD->HKD 7.8 stored for 2025-01-02."""
    path = tmp_path / "l.sqlite3"
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes(
        "2026-02-02,buy,2513.HK,Zhipu,listed,500,116.20,HKD,,,",
        "2025-03-01,buy,ZPRE,Zhipu pre-IPO,private,100,50,HKD,,,",
    ))
    assert run(capsys, "--db", path, "import-transactions", tx)[0] == 0
    assert run(capsys, "--db", path, "set-fx", "USD", "HKD", "7.8", "--date", "2025-01-02")[0] == 0
    return path


def import_rows(capsys, path, *rows):
    f = Path(path).parent / "more.csv"
    f.write_bytes(csv_bytes(*rows))
    return run(capsys, "--db", path, "import-transactions", f)


def report(capsys, path, *extra):
    code, out, err = run(capsys, "--db", path, "report", "--json", "--as-of", "2026-11-28", *extra)
    assert code == 0, err
    return json.loads(out)


def holding(doc, symbol):
    return next(h for h in doc["holdings"] if h["symbol"] == symbol)


# -- 6. dividends against the shares held ------------------------------------------------


def test_a_dividend_on_more_shares_than_held_is_refused_by_the_import(capsys, ledger):
    before = digest(ledger)
    code, _, err = import_rows(capsys, ledger, "2026-06-01,buy,2513.HK,,listed,10,200,HKD,,,",
                               "2026-06-30,dividend,2513.HK,,listed,5000000,0.10,HKD,,,")
    assert code == 2 and "line 3" in err and "5000000" in err and "only 510 are held" in err
    assert digest(ledger) == before  # all or nothing: the good buy is not stored either
    assert holding(report(capsys, ledger), "2513.HK")["realized_gain"] == "0.00"


def test_a_dividend_dated_before_the_first_buy_is_refused(capsys, ledger):
    code, _, err = import_rows(capsys, ledger, "2026-01-15,dividend,2513.HK,,listed,500,0.10,HKD,,,")
    assert code == 2 and "line 2" in err and "only 0 are held" in err


def test_a_dividend_counts_the_shares_held_before_the_days_buys_and_sales(capsys, ledger):
    """Entitlement is fixed on the record date, before the dividend's day:
    shares bought on the day were not entitled, shares sold on it were."""
    code, _, err = import_rows(capsys, ledger, "2026-03-02,buy,2513.HK,,listed,100,200,HKD,,,",
                               "2026-03-02,dividend,2513.HK,,listed,600,0.10,HKD,,,")
    assert code == 2 and "only 500 are held" in err
    code, _, err = import_rows(capsys, ledger, "2026-03-02,sell,2513.HK,,listed,500,200,HKD,,,",
                               "2026-03-02,dividend,2513.HK,,listed,500,0.10,HKD,,,")
    assert code == 0, err


def test_a_dividend_within_the_holding_is_booked(service):
    service.ledger.add_transaction(rec(quantity="500"))
    service.ledger.add_transaction(rec(type="dividend", date="2026-06-30", quantity="500", price="0.10"))
    (h,) = [h for h in service.reports.report().holdings if h.symbol == "2513.HK"]
    assert h.position.dividends == D("50.00")


def rec(**kw):
    base = {"date": "2026-02-02", "type": "buy", "symbol": "2513.HK", "name": "Zhipu", "asset_class": "listed",
            "quantity": "500", "price": "116.20", "currency": "HKD", "fees": "", "account": "", "note": ""}
    base.update(kw)
    return base


def test_the_entry_check_refuses_a_dividend_too_large_and_deleting_its_buy(service, repo):
    buy = service.ledger.add_transaction(rec())
    row, errors = service.ledger.check_transaction(rec(type="dividend", date="2026-06-30", quantity="5000000",
                                                price="0.1"))
    assert row is None and [(e.column, e.code) for e in errors] == [("quantity", "oversell")]
    assert "only 500 are held" in errors[0].message
    service.ledger.add_transaction(rec(type="dividend", date="2026-06-30", quantity="500", price="0.1"))
    with pytest.raises(EntryRejected) as caught:
        service.ledger.delete_transaction(buy)
    assert "dividend" in str(caught.value.errors[0]) and repo.transactions.count() == 2


def test_a_dividend_already_stored_on_too_many_shares_does_not_block_other_input(service, repo):
    """A ledger written before this rule may hold such a dividend: it is
    still valued, and unrelated entries on the symbol are not refused for it."""
    from desktop_app.core.models import Transaction, TxType

    service.ledger.add_transaction(rec())
    with repo.write():
        repo.transactions.add([Transaction(__import__("datetime").date(2026, 6, 30), TxType.DIVIDEND, "2513.HK",
                                           D("5000"), D("0.1"), "HKD")])
        service.cache.ledger_changed({"2513.HK"})
    assert service.ledger.check_transaction(rec(date="2026-07-01", quantity="10"))[1] == []
    assert service.reports.report().holdings  # still valued


# -- 8. exchange rates ----------------------------------------------------------------------


def test_a_rate_far_from_the_stored_one_is_refused_naming_it(capsys, ledger):
    before = digest(ledger)
    code, _, err = run(capsys, "--db", ledger, "set-fx", "USD", "HKD", "0.0000000001")
    assert code == 2 and "USD->HKD 7.8" in err and "2025-01-02" in err and "--force" in err
    assert digest(ledger) == before


def test_an_inverse_entered_backwards_is_refused_with_the_inverse_suggested(capsys, ledger):
    before = digest(ledger)
    code, _, err = run(capsys, "--db", ledger, "set-fx", "HKD", "USD", "7.8", "--date", "2026-11-01")
    assert code == 2 and "USD->HKD 7.8 of 2025-01-02" in err
    assert "set-fx USD HKD 7.8" in err  # the inverse fits: say so
    assert digest(ledger) == before
    # The right way round (either direction) is stored.
    assert run(capsys, "--db", ledger, "set-fx", "HKD", "USD", "0.1282", "--date", "2026-11-01")[0] == 0
    assert run(capsys, "--db", ledger, "set-fx", "USD", "HKD", "7.75", "--date", "2026-11-02")[0] == 0


def test_force_stores_a_contradicting_rate(capsys, ledger):
    code, out, err = run(capsys, "--db", ledger, "set-fx", "HKD", "USD", "7.8", "--date", "2026-11-01", "--force")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", ledger, "set-fx", "USD", "HKD", "7.8", "--date", "2026-11-02")
    assert code == 2  # the newest stored rate is the reference now (HKD->USD 7.8 inverted)


def test_a_new_pair_is_accepted_within_a_sanity_bound(capsys, ledger):
    assert run(capsys, "--db", ledger, "set-fx", "EUR", "CNY", "7.9")[0] == 0
    code, _, err = run(capsys, "--db", ledger, "set-fx", "GBP", "JPY", "0.00000001")
    assert code == 2 and "RATE" in err and "--force" in err
    assert run(capsys, "--db", ledger, "set-fx", "GBP", "JPY", "0.00000001", "--force")[0] == 0


def test_a_wrong_rate_can_be_corrected_on_its_own_date(capsys, ledger):
    """The rate being replaced is no evidence against its correction."""
    assert run(capsys, "--db", ledger, "set-fx", "SGD", "HKD", "0.58", "--date", "2026-01-05")[0] == 0
    assert run(capsys, "--db", ledger, "set-fx", "SGD", "HKD", "5.8", "--date", "2026-01-05")[0] == 0


def test_exactly_ten_times_the_stored_rate_is_refused(capsys, ledger):
    """A digit added or dropped makes exactly 10x: stored USD->HKD 7.8, so
    78 (= 7.8 x 10) and 0.78 (= 7.8 / 10) are refused; 77.99 and 0.7801 are
    just inside and stored."""
    before = digest(ledger)
    for rate in ("78", "0.78"):
        code, _, err = run(capsys, "--db", ledger, "set-fx", "USD", "HKD", rate, "--date", "2026-11-01")
        assert code == 2 and "10x or more away" in err and "USD->HKD 7.8 of 2025-01-02" in err, (rate, err)
    assert digest(ledger) == before
    assert run(capsys, "--db", ledger, "set-fx", "USD", "HKD", "77.99", "--date", "2026-11-01")[0] == 0
    assert run(capsys, "--db", ledger, "set-fx", "USD", "HKD", "0.7801", "--date", "2025-01-03")[0] == 0


@pytest.fixture
def drifted(capsys, ledger):
    """USD->HKD 7.8 of 2025-01-02 (the fixture's) and, forced, 78 of 2026-06-01:
    a pair whose rate moved tenfold between its two stored days."""
    assert run(capsys, "--db", ledger, "set-fx", "USD", "HKD", "78", "--date", "2026-06-01", "--force")[0] == 0
    return ledger


def test_a_rate_dated_before_every_stored_one_is_checked_against_the_nearest(capsys, drifted):
    """2024-01-01 is before both stored days; the nearest is 7.8 of 2025-01-02
    (367 days away, against 882 for 78 of 2026-06-01). 80 is 10.26x 7.8: refused
    (the newest, 78, would have let it in: 80 / 78 = 1.03); 7.7 is stored."""
    before = digest(drifted)
    code, _, err = run(capsys, "--db", drifted, "set-fx", "USD", "HKD", "80", "--date", "2024-01-01")
    assert code == 2 and "USD->HKD 7.8 of 2025-01-02" in err
    assert digest(drifted) == before
    assert run(capsys, "--db", drifted, "set-fx", "USD", "HKD", "7.7", "--date", "2024-01-01")[0] == 0


def test_a_rate_between_two_stored_ones_is_checked_against_the_nearer(capsys, drifted):
    """2025-02-01 is 30 days after 7.8 and 485 days before 78: 7.7 fits 7.8 and
    is stored (the newest, 78, would refuse it: 78 / 7.7 = 10.13). 2026-05-01
    is 31 days before 78 and 484 days after 7.8: 7.7 there is refused, naming
    78 of 2026-06-01."""
    assert run(capsys, "--db", drifted, "set-fx", "USD", "HKD", "7.7", "--date", "2025-02-01")[0] == 0
    before = digest(drifted)
    code, _, err = run(capsys, "--db", drifted, "set-fx", "USD", "HKD", "7.7", "--date", "2026-05-01")
    assert code == 2 and "USD->HKD 78 of 2026-06-01" in err
    assert digest(drifted) == before


def test_a_conversion_rate_entered_backwards_is_refused(capsys, ledger, tmp_path):
    more = tmp_path / "usd.csv"
    more.write_bytes(csv_bytes("2025-03-01,buy,UPRE,Pre-IPO in USD,private,100,5,USD,,,"))
    assert run(capsys, "--db", ledger, "import-transactions", more)[0] == 0
    before = digest(ledger)
    code, _, err = run(capsys, "--db", ledger, "convert", "UPRE", "9999.HK", "--date", "2026-01-08", "--ratio", "1",
                       "--fx-rate", "0.128")
    assert code == 2 and "--fx-rate" in err and "USD->HKD 7.8" in err
    assert digest(ledger) == before
    assert run(capsys, "--db", ledger, "convert", "UPRE", "9999.HK", "--date", "2026-01-08", "--ratio", "1",
               "--fx-rate", "7.79")[0] == 0


# -- 9. lock-ups --------------------------------------------------------------------------------


def test_a_lockup_already_over_or_larger_than_the_holding_is_refused(capsys, ledger):
    before = digest(ledger)
    code, _, err = run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--until", "2020-01-01")
    assert code == 2 and "--until" in err and "already over" in err
    code, _, err = run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--until", FAR, "--quantity", "999999")
    assert code == 2 and "--quantity" in err and "500" in err
    code, _, err = run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--until", FAR, "--lot-date", "2026-02-02",
                       "--quantity", "501")
    assert code == 2 and "--quantity" in err
    assert digest(ledger) == before
    assert run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--until", FAR, "--quantity", "500")[0] == 0


def test_a_sale_into_locked_shares_is_refused_naming_the_lockup(capsys, ledger):
    assert run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--until", FAR, "--quantity", "300",
               "--reason", "cornerstone")[0] == 0
    before = digest(ledger)
    code, _, err = import_rows(capsys, ledger, "2026-06-30,sell,2513.HK,,listed,201,300,HKD,,,")
    assert code == 2 and "line 2" in err and FAR in err and "cornerstone" in err
    assert digest(ledger) == before
    assert import_rows(capsys, ledger, "2026-06-30,sell,2513.HK,,listed,200,300,HKD,,,")[0] == 0
    # the 300 left are all locked: not one more
    code, _, err = import_rows(capsys, ledger, "2026-07-30,sell,2513.HK,,listed,1,300,HKD,,,")
    assert code == 2 and "locked" in err


def test_a_lockup_on_the_whole_holding_refuses_any_sale_until_its_last_day(service, repo):
    service.ledger.add_transaction(rec())
    PrivateHoldingsService(service).add_lockup("2513.HK", until="2026-12-31", reason="pre-IPO holder")
    # (a sale dated in the future cannot be entered; a later "today" can)
    from desktop_app.services.portfolio import Portfolio

    service = Portfolio(repo, today=lambda: __import__("datetime").date(2027, 1, 2))
    row, errors = service.ledger.check_transaction(rec(type="sell", date="2026-12-31", quantity="1", price="300"))
    assert [(e.column, e.code) for e in errors] == [("quantity", "locked")]
    assert errors[0].params[:2] == ("2026-12-31", "pre-IPO holder")
    row, errors = service.ledger.check_transaction(rec(type="sell", date="2027-01-01", quantity="500", price="300"))
    assert errors == []  # the day after the last locked day


def test_a_lockup_on_a_lot_locks_the_shares_bought_that_day(service):
    service.ledger.add_transaction(rec(date="2026-01-08", quantity="200"))
    service.ledger.add_transaction(rec(date="2026-03-02", quantity="300"))
    PrivateHoldingsService(service).add_lockup("2513.HK", until=FAR, lot_date="2026-03-02")
    assert service.ledger.check_transaction(rec(type="sell", date="2026-06-01", quantity="200", price="300"))[1] == []
    row, errors = service.ledger.check_transaction(rec(type="sell", date="2026-06-01", quantity="201", price="300"))
    assert [e.code for e in errors] == ["locked"]
    # before the locked lot was bought, all 200 could be sold
    assert service.ledger.check_transaction(rec(type="sell", date="2026-02-01", quantity="200", price="300"))[1] == []


def test_a_lockup_cannot_be_added_over_a_stored_sale_it_would_have_blocked(service, repo):
    service.ledger.add_transaction(rec())
    service.ledger.add_transaction(rec(type="sell", date="2026-06-30", quantity="100", price="300"))
    with pytest.raises(UserFacingError) as caught:
        PrivateHoldingsService(service).add_lockup("2513.HK", until=FAR)  # the whole holding
    assert "2026-06-30" in "; ".join(e.message for e in caught.value.errors)
    assert repo.holdings.lockups() == []
    PrivateHoldingsService(service).add_lockup("2513.HK", until=FAR, quantity="400")  # what was held after it


def test_a_lockup_with_a_first_day_lets_earlier_sales_stand_and_locks_from_it(capsys, ledger, tmp_path):
    """A lock-up given a first locked day (--from) is no reason to refuse the
    sales before it, locks nothing in a report before it, and refuses sales
    from it on; a first day after the last locked day is refused."""
    assert import_rows(capsys, ledger, "2026-03-02,sell,2513.HK,,listed,100,150,HKD,,,")[0] == 0
    code, _, err = run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--until", FAR)
    assert code == 2 and "2026-03-02" in err and "first locked day" in err
    code, _, err = run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--until", "2030-01-01", "--from", "2030-01-02")
    assert code == 2 and "--from" in err
    assert run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--until", FAR, "--from", "2026-03-03",
               "--reason", "cornerstone")[0] == 0
    code, _, err = import_rows(capsys, ledger, "2026-03-03,sell,2513.HK,,listed,1,150,HKD,,,")
    assert code == 2 and "cornerstone" in err
    # A sale entered late but dated before the first locked day stands.
    assert import_rows(capsys, ledger, "2026-03-02,sell,2513.HK,,listed,50,150,HKD,,,")[0] == 0
    before = run(capsys, "--db", ledger, "report", "--json", "--as-of", "2026-03-02")
    after = run(capsys, "--db", ledger, "report", "--json", "--as-of", "2026-03-03")
    (b,) = [h for h in json.loads(before[1])["holdings"] if h["symbol"] == "2513.HK"]
    (a,) = [h for h in json.loads(after[1])["holdings"] if h["symbol"] == "2513.HK"]
    assert (b["locked_quantity"], a["locked_quantity"]) == ("0", "350")


def test_a_lockup_follows_the_ipo_conversion(capsys, ledger):
    assert run(capsys, "--db", ledger, "add-lockup", "ZPRE", "--until", FAR, "--quantity", "40",
               "--reason", "PRC pre-IPO")[0] == 0
    assert run(capsys, "--db", ledger, "convert", "ZPRE", "2600.HK", "--date", "2026-01-08", "--ratio", "10")[0] == 0
    code, _, err = import_rows(capsys, ledger, "2026-02-10,sell,2600.HK,,listed,601,150,HKD,,,")
    assert code == 2 and "PRC pre-IPO" in err
    assert import_rows(capsys, ledger, "2026-02-10,sell,2600.HK,,listed,600,150,HKD,,,")[0] == 0
    code, _, err = run(capsys, "--db", ledger, "add-lockup", "ZPRE", "--until", FAR)
    assert code == 2 and "2600.HK" in err


def test_a_lockup_on_the_whole_private_holding_locks_only_the_converted_shares(capsys, tmp_path):
    """At the IPO a lock on the whole private holding becomes a lock on the
    shares it became, from the conversion on: shares of the listing bought
    on the market stay free, and a stored sale of them is no reason to refuse."""
    path = tmp_path / "k.sqlite3"
    assert import_rows(capsys, path, "2025-01-02,buy,ZPRE,Zhipu pre-IPO,private,1000,10,HKD,,,",
                       "2025-01-02,buy,9999.HK,L,listed,100,20,HKD,,,",
                       "2025-08-01,sell,9999.HK,L,listed,50,20,HKD,,,")[0] == 0
    assert run(capsys, "--db", path, "add-lockup", "ZPRE", "--until", FAR, "--reason", "PRC pre-IPO")[0] == 0
    assert run(capsys, "--db", path, "convert", "ZPRE", "9999.HK", "--date", "2025-06-01", "--ratio", "1",
               "--merge")[0] == 0  # 9999.HK is held already: the shares join it
    (h,) = [h for h in report(capsys, path)["holdings"] if h["symbol"] == "9999.HK"]
    assert (h["quantity"], h["locked_quantity"], h["tradable_quantity"]) == ("1050", "1000", "50")
    assert import_rows(capsys, path, "2026-11-03,sell,9999.HK,L,listed,51,20,HKD,,,")[0] == 2
    assert import_rows(capsys, path, "2026-11-03,sell,9999.HK,L,listed,50,20,HKD,,,")[0] == 0


@pytest.mark.parametrize("method", ["fifo", "average"])
def test_the_report_locks_a_lot_as_the_rule_does(capsys, tmp_path, method):
    """A lock-up on one day's lots locks the shares bought that day, whatever
    FIFO (or the average pool) sold first: the report's locked and liquid
    figures say what the sale check enforces."""
    path = tmp_path / "lot.sqlite3"
    assert import_rows(capsys, path, "2025-01-02,buy,0005.HK,HSBC,listed,100,60,HKD,,,",
                       "2025-02-03,buy,0005.HK,HSBC,listed,100,60,HKD,,,")[0] == 0
    assert run(capsys, "--db", path, "add-lockup", "0005.HK", "--until", FAR, "--lot-date", "2025-01-02")[0] == 0
    assert import_rows(capsys, path, "2025-03-03,sell,0005.HK,HSBC,listed,100,60,HKD,,,")[0] == 0
    assert import_rows(capsys, path, "2025-03-04,sell,0005.HK,HSBC,listed,1,60,HKD,,,")[0] == 2  # all locked
    (h,) = report(capsys, path, "--cost-method", method)["holdings"]
    assert (h["quantity"], h["locked_quantity"], h["tradable_quantity"]) == ("100", "100", "0")
    code, out, _ = run(capsys, "--db", path, "deadlines", "--as-of", "2026-11-28", "--days", "4000", "--json")
    (lock,) = [d for d in json.loads(out) if d["kind"] == "lockup_expiry"]
    assert lock["quantity"] == "100"


# -- 10. the private symbol after its IPO conversion ------------------------------------------


@pytest.mark.parametrize("row", [
    "2026-02-10,buy,ZPRE,,private,10,60,HKD,,,",
    "2026-01-08,buy,ZPRE,,private,10,60,HKD,,,",  # on the conversion day itself
    "2026-02-10,dividend,ZPRE,,private,100,1,HKD,,,",
    "2026-02-10,split,ZPRE,,private,2,,HKD,,,",
    "2026-02-10,sell,ZPRE,,private,50,60,HKD,,,",
])
def test_no_transaction_on_the_converted_symbol_from_its_conversion_on(capsys, ledger, row):
    assert run(capsys, "--db", ledger, "convert", "ZPRE", "2600.HK", "--date", "2026-01-08", "--ratio", "10")[0] == 0
    before = digest(ledger)
    code, _, err = import_rows(capsys, ledger, row)
    assert code == 2 and "line 2" in err and "2600.HK" in err and "2026-01-08" in err
    assert digest(ledger) == before


def test_the_entry_check_names_the_listed_symbol(service):
    service.ledger.add_transaction(rec(symbol="ZPRE", asset_class="private", date="2025-03-01", quantity="100"))
    PrivateHoldingsService(service).convert("ZPRE", "2600.HK", date="2026-01-08", ratio="10")
    row, errors = service.ledger.check_transaction(rec(symbol="ZPRE", asset_class="private", date="2026-02-10",
                                                quantity="10"))
    assert [(e.column, e.code, e.params) for e in errors] == [("symbol", "converted", ("2600.HK", "2026-01-08"))]
    # before the conversion it is still the private holding (a late entry of an old buy)
    assert service.ledger.check_transaction(rec(symbol="ZPRE", asset_class="private", date="2025-04-01"))[1] == []


def test_a_conversion_is_refused_over_a_transaction_on_its_day(capsys, ledger):
    assert import_rows(capsys, ledger, "2026-01-08,buy,ZPRE,,private,10,60,HKD,,,")[0] == 0
    code, _, err = run(capsys, "--db", ledger, "convert", "ZPRE", "2600.HK", "--date", "2026-01-08", "--ratio", "10")
    assert code == 2 and "on or after 2026-01-08" in err


# -- 12. the currency of each point of a history -------------------------------------------------


def test_history_gives_each_point_its_own_currency(capsys, ledger):
    assert run(capsys, "--db", ledger, "add-mark", "ZPRE", "--date", "2025-09-01", "--price", "9", "--currency",
               "USD", "--source", "secondary")[0] == 0
    assert run(capsys, "--db", ledger, "add-mark", "ZPRE", "--date", "2025-10-01", "--price", "70", "--currency",
               "HKD", "--source", "bid")[0] == 0
    code, out, _ = run(capsys, "--db", ledger, "history", "ZPRE", "--json")
    doc = json.loads(out)
    assert doc["currency"] == "HKD"  # the holding's, as before
    assert [(p["date"], p["close"], p["currency"]) for p in doc["closes"]] == [
        ("2025-09-01", "9.00", "USD"), ("2025-10-01", "70.00", "HKD")]
    assert {"date", "close", "source", "note"} <= set(doc["closes"][0])
    code, out, _ = run(capsys, "--db", ledger, "history", "ZPRE")
    lines = out.splitlines()
    assert "9.00 USD" in lines[1] and "70.00 HKD" in lines[2]


def test_history_of_quotes_carries_their_currency(capsys, ledger, tmp_path):
    prices = tmp_path / "p.csv"
    prices.write_text("date,symbol,close,currency\n2026-11-27,2513.HK,480,HKD\n")
    assert run(capsys, "--db", ledger, "import-prices", prices)[0] == 0
    code, out, _ = run(capsys, "--db", ledger, "history", "2513.HK", "--json")
    assert json.loads(out)["closes"] == [{"date": "2026-11-27", "close": "480.00", "source": "quote",
                                          "currency": "HKD"}]


def test_editing_a_buy_cannot_make_a_later_sale_dip_into_a_lockup(service, repo):
    buy = service.ledger.add_transaction(rec(quantity="500"))
    PrivateHoldingsService(service).add_lockup("2513.HK", until=FAR, quantity="300", reason="cornerstone")
    service.ledger.add_transaction(rec(type="sell", date="2026-06-30", quantity="200", price="300"))
    row, errors = service.ledger.check_transaction(rec(quantity="499"), replacing=buy)
    assert [e.code for e in errors] == ["strands_later_lock"] and "cornerstone" in errors[0].message
    with pytest.raises(EntryRejected):
        service.ledger.update_transaction(buy, rec(quantity="499"))
    assert repo.transactions.by_id(buy).quantity == 500


def test_a_buy_of_a_converted_symbol_already_stored_does_not_block_other_input(service, repo):
    """A ledger written before this rule may hold one (it was accepted): it is
    still valued, and entries on the listed symbol are not refused for it."""
    import datetime as dt

    from desktop_app.core.models import Transaction, TxType

    service.ledger.add_transaction(rec(symbol="ZPRE", asset_class="private", date="2025-03-01", quantity="100"))
    PrivateHoldingsService(service).convert("ZPRE", "2600.HK", date="2026-01-08", ratio="10")
    with repo.write():
        repo.transactions.add([Transaction(dt.date(2026, 2, 10), TxType.BUY, "ZPRE", D("10"), D("60"), "HKD")])
        service.cache.ledger_changed({"ZPRE"})
    assert service.ledger.check_transaction(rec(symbol="2600.HK", date="2026-03-01", type="sell", quantity="10",
                                         price="100"))[1] == []
    assert {h.symbol for h in service.reports.report().holdings} >= {"2600.HK", "ZPRE"}


def test_a_sale_into_a_lockup_already_stored_still_counts_for_what_is_held(service, repo):
    """Such a sale (stored before this rule) is not booked away by the check:
    a later sale is checked against what the ledger really holds, so no
    entry can leave the report unable to book."""
    import datetime as dt

    from desktop_app.core.models import Lockup, Transaction, TxType

    service.ledger.add_transaction(rec(quantity="500"))
    with repo.write():
        repo.holdings.add_lockup(Lockup("2513.HK", dt.date(2026, 9, 30), D("400"), "cornerstone"))
        repo.transactions.add([Transaction(dt.date(2026, 6, 30), TxType.SELL, "2513.HK", D("200"), D("300"), "HKD")])
        service.cache.ledger_changed({"2513.HK"})
    row, errors = service.ledger.check_transaction(rec(type="sell", date="2026-10-01", quantity="400", price="300"))
    assert [e.code for e in errors] == ["oversell"] and "only 300 are held" in errors[0].message
    assert service.ledger.check_transaction(rec(type="sell", date="2026-10-01", quantity="300", price="300"))[1] == []


def _locked(capsys, path, symbol="2513.HK"):
    return next(h for h in report(capsys, path)["holdings"] if h["symbol"] == symbol)["locked_quantity"]


def test_a_split_after_a_lockups_first_day_scales_its_quantity(capsys, ledger):
    """1,000 locked from 1 Mar (500 held then, 200 locked), a 2-for-1 split on 1 Apr: the lock-up
    was stated in the shares of its first day, so it now locks 400 of the 1,000 held, as the
    same shares; a sale may leave no fewer. (It locked 200 of the 1,000 after the split before:
    half of what it was meant to.) A lock-up without a first day counts its quantity as it stands."""
    assert run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--quantity", "200", "--from", "2026-03-01",
               "--until", FAR, "--reason", "cornerstone")[0] == 0
    assert import_rows(capsys, ledger, "2026-04-01,split,2513.HK,,listed,2,,HKD,,,")[0] == 0
    assert _locked(capsys, ledger) == "400"
    code, _, err = import_rows(capsys, ledger, "2026-05-04,sell,2513.HK,,listed,601,120,HKD,,,")
    assert code != 0 and "400 of the 1000 held are locked up" in err
    assert import_rows(capsys, ledger, "2026-05-04,sell,2513.HK,,listed,600,120,HKD,,,")[0] == 0
    assert _locked(capsys, ledger) == "400"  # 400 held, all of them locked


def test_a_lockup_on_a_lot_counts_its_cap_in_that_days_shares(capsys, ledger):
    """A cap of 300 on the 500 bought on 2 Feb, then a 3-for-1 split: the lot is 1,500 shares now and
    the cap 900 of them (it stayed 300 before)."""
    assert run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--quantity", "300", "--lot-date", "2026-02-02",
               "--until", FAR)[0] == 0
    assert import_rows(capsys, ledger, "2026-04-01,split,2513.HK,,listed,3,,HKD,,,")[0] == 0
    assert _locked(capsys, ledger) == "900"
    assert import_rows(capsys, ledger, "2026-05-04,sell,2513.HK,,listed,601,40,HKD,,,")[0] != 0
    assert import_rows(capsys, ledger, "2026-05-04,sell,2513.HK,,listed,600,40,HKD,,,")[0] == 0


def test_a_lockup_without_a_first_day_counts_its_quantity_as_it_stands(capsys, ledger):
    assert run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--quantity", "200", "--until", FAR)[0] == 0
    assert import_rows(capsys, ledger, "2026-04-01,split,2513.HK,,listed,2,,HKD,,,")[0] == 0
    assert _locked(capsys, ledger) == "200"
    assert import_rows(capsys, ledger, "2026-05-04,sell,2513.HK,,listed,800,120,HKD,,,")[0] == 0


def test_the_replay_and_the_reports_count_a_scaled_lockup_alike():
    """``valuation.value_portfolio`` (a replay of the transactions) and ``booking`` agree."""
    import datetime as dt

    from desktop_app.core.booking import counted_lockups, lock_quantity
    from desktop_app.core.models import Lockup, Transaction, TxType

    lock = Lockup("X", dt.date(2027, 1, 1), D(100), start=dt.date(2026, 1, 10))
    splits = [(dt.date(2026, 1, 10), D(5)), (dt.date(2026, 2, 1), D(2)), (dt.date(2026, 3, 1), D(3))]
    assert lock_quantity(lock, splits, dt.date(2026, 2, 15)) == D(200)  # not the split on its first day
    assert lock_quantity(lock, splits, dt.date(2026, 3, 1)) == D(600)
    txs = [Transaction(d, TxType.SPLIT, "X", r, D(0), "HKD", D(0)) for d, r in splits]
    other = Lockup("Y", dt.date(2027, 1, 1), D(7), start=dt.date(2026, 1, 1))
    assert [lk.quantity for lk in counted_lockups([lock, other], txs, dt.date(2026, 3, 1))] == [D(600), D(7)]


def test_a_lockup_carried_through_an_ipo_is_scaled_by_a_split_of_the_listing(capsys, ledger):
    """The whole private holding locked (100 ZPRE), converted at 10 listed shares each on 1 Jun
    (the lock-up restated: 1,000 from that day), then a 2-for-1 split of the listing: 2,000 locked."""
    assert run(capsys, "--db", ledger, "add-lockup", "ZPRE", "--until", FAR)[0] == 0
    assert run(capsys, "--db", ledger, "convert", "ZPRE", "ZP.HK", "--date", "2026-06-01", "--ratio", "10",
               "--currency", "HKD")[0] == 0
    assert _locked(capsys, ledger, "ZP.HK") == "1000"
    assert import_rows(capsys, ledger, "2026-07-02,split,ZP.HK,,listed,2,,HKD,,,")[0] == 0
    assert _locked(capsys, ledger, "ZP.HK") == "2000"
    assert import_rows(capsys, ledger, "2026-08-03,sell,ZP.HK,,listed,1,20,HKD,,,")[0] != 0


def test_the_lockups_end_names_the_shares_it_locks_after_a_split(capsys, ledger):
    """The deadline said "200 become tradable" of a lock-up that locked 400 after a 2-for-1 split."""
    assert run(capsys, "--db", ledger, "add-lockup", "2513.HK", "--quantity", "200", "--from", "2026-03-01",
               "--until", FAR, "--reason", "cornerstone")[0] == 0
    assert import_rows(capsys, ledger, "2026-04-01,split,2513.HK,,listed,2,,HKD,,,")[0] == 0
    code, out, _ = run(capsys, "--db", ledger, "deadlines", "--json", "--as-of", "2036-06-30")
    assert code == 0
    (expiry,) = [d for d in json.loads(out) if d["kind"] == "lockup_expiry"]
    assert expiry["quantity"] == "400" and expiry["detail"].startswith("400 become tradable")
