"""The real yfinance code against Yahoo-format chart JSON served by `responses`."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from desktop_app import cli
from desktop_app.prices.yahoo import YahooSource
from desktop_app.services.price_service import PriceService
from tests.conftest import TODAY, csv_bytes
from tests.yahoo_stub import Series, history_starts, served

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def trading_days(start, end):
    day, out = start, []
    while day <= end:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


@pytest.fixture
def stub(tmp_path, monkeypatch):
    with served(tmp_path / "cache", monkeypatch) as yahoo:
        yield yahoo


@pytest.fixture
def source(tmp_path):
    return YahooSource(tmp_path / "cache" / "yfinance", backoff=(0, 0), timeout=2)


@pytest.fixture
def prices(repo, source):
    return PriceService(repo, source, today=lambda: TODAY, now=lambda: NOW)


@pytest.fixture
def ledger(service):
    service.ledger.import_transactions(
        csv_bytes(
            "2026-11-02,buy,02513,Zhipu,listed,100,900,HKD,,,",
            "2026-11-03,buy,0100,MiniMax,listed,200,300,HKD,,,",
            "2026-11-04,buy,AAPL,Apple,listed,10,250,USD,,,",
        )
    )
    return service


def ramp(days, start, step=1.0):
    return {d: round(start + i * step, 2) for i, d in enumerate(days)}


def install_market(stub, end=dt.date(2026, 11, 27)):
    days = trading_days(dt.date(2026, 10, 20), end)
    stub.series["2513.HK"] = Series("HKD", ramp(days, 950.0))
    stub.series["0100.HK"] = Series("HKD", ramp(days, 380.0, 0.5))
    stub.series["AAPL"] = Series("USD", ramp(days, 270.0, 0.25))
    stub.series["USDHKD=X"] = Series("HKD", {d: 7.7812345 for d in days})
    return days


def test_first_refresh_stores_closes_latest_prices_and_fx(ledger, prices, stub, repo):
    days = install_market(stub)
    result = prices.refresh()
    assert result.ok, [r.error for r in result.failures]
    assert [r.symbol for r in result.results] == ["0100.HK", "2513.HK", "AAPL", "USDHKD=X"]
    # history goes back to the first transaction (minus a week for a close on or before it)
    assert history_starts(stub, "2513.HK") == [dt.date(2026, 10, 26)]
    closes = repo.market.closes("2513.HK")
    assert closes[0].date == dt.date(2026, 10, 26) and closes[-1].date == days[-1]
    assert closes[-1].close == D(str(950.0 + len(days) - 1))
    assert repo.market.last_fx("USD", "HKD", source="yahoo") == (days[-1], D("7.781234"))
    report = ledger.reports.report()
    assert report.warnings == ()
    aapl = next(h for h in report.holdings if h.symbol == "AAPL")
    assert aapl.fx_rate == D("7.781234") and aapl.price.source.value == "quote" and not aapl.stale
    assert set(stub.hosts) <= {"fc.yahoo.com", "query1.finance.yahoo.com", "query2.finance.yahoo.com"}


def test_second_refresh_asks_only_for_new_days(ledger, prices, stub, repo):
    install_market(stub, end=dt.date(2026, 11, 20))
    first = prices.refresh()
    assert first.ok
    first_requests = dict(stub.chart_requests)
    stub.chart_requests.clear()
    stub.queries.clear()
    install_market(stub, end=dt.date(2026, 11, 27))
    second = prices.refresh()
    assert second.ok
    by = {r.symbol: r for r in second.results}
    assert by["2513.HK"].stored == 5  # Nov 23-27
    # asked from the last stored close (inclusive, so the answer is never empty), nothing earlier
    assert history_starts(stub, "2513.HK") == [dt.date(2026, 11, 20)]
    assert stub.chart_requests["2513.HK"] == 1 < first_requests["2513.HK"]  # timezone now cached
    dates = [q.date for q in repo.market.closes("2513.HK")]
    assert len(dates) == len(set(dates))


def test_unknown_symbol_is_terminal_and_the_others_are_stored(ledger, prices, stub, repo):
    install_market(stub)
    del stub.series["0100.HK"]
    result = prices.refresh()
    assert not result.ok and not result.offline
    (failure,) = result.failures
    assert (failure.symbol, failure.error_kind, failure.retryable) == ("0100.HK", "unknown_symbol", False)
    assert "0100.HK" in failure.error
    assert repo.market.closes("2513.HK") and not repo.market.closes("0100.HK")


def test_rate_limit_is_retried_then_reported_as_retryable(ledger, prices, stub, repo):
    install_market(stub)
    stub.overrides["AAPL"] = lambda request: (429, "Too Many Requests")
    result = prices.refresh(["AAPL"])
    (r,) = result.results
    assert (r.error_kind, r.retryable, r.requests) == ("rate_limited", True, 3)
    assert not repo.market.closes("AAPL")


def test_network_down_changes_no_price_and_cli_exits_3(ledger, prices, stub, repo, db_path, capsys):
    install_market(stub)
    assert prices.refresh().ok
    before_closes = repo.market.all_closes()
    before_report = ledger.reports.report()
    stub.offline = True
    result = prices.refresh()
    assert result.offline and not result.ok
    assert repo.market.all_closes() == before_closes and ledger.reports.report() == before_report
    assert repo.market.last_refresh()["offline"] == 1
    code = cli.main(["--db", str(db_path), "refresh"])
    out, err = capsys.readouterr()
    assert code == 3
    assert err.count("\n") == 1 and "offline" in err and "Traceback" not in err
    assert repo.market.all_closes() == before_closes


def test_null_closes_are_dropped(ledger, prices, stub, repo):
    days = install_market(stub)
    stub.series["2513.HK"].closes[days[-2]] = None
    prices.refresh(["2513.HK"])
    stored = {q.date for q in repo.market.closes("2513.HK")}
    assert days[-2] not in stored and days[-1] in stored and days[-3] in stored


def test_absurd_prices_are_refused_and_reported(ledger, prices, stub, repo):
    days = install_market(stub)
    stub.series["2513.HK"].closes[days[-3]] = 0.0
    stub.series["2513.HK"].closes[days[-1]] = 95000.0  # 100x the day before
    stub.series["2513.HK"].market_price = 95000.0
    result = prices.refresh(["2513.HK"])
    (r,) = result.results
    assert r.error_kind == "bad_data" and "absurd" in r.error
    stored = {q.date: q.close for q in repo.market.closes("2513.HK")}
    assert days[-3] not in stored and days[-1] not in stored and days[-2] in stored
    assert repo.market.latest_market_prices(TODAY) == {}


def test_a_live_session_bar_is_not_a_close_but_the_latest_price_is_kept(ledger, prices, stub, repo):
    days = install_market(stub, end=dt.date(2026, 11, 27))
    series = stub.series["2513.HK"]
    series.session_open = True
    series.market_price = 1100.0
    series.market_time = dt.datetime(2026, 11, 27, 3, 0, tzinfo=dt.UTC)  # 11:00 in Hong Kong
    prices.refresh(["2513.HK"])
    assert repo.market.closes("2513.HK")[-1].date == days[-2]
    latest = repo.market.latest_market_prices(TODAY)["2513.HK"]
    assert (latest.date, latest.close) == (dt.date(2026, 11, 27), D("1100"))
    h = next(h for h in ledger.reports.report().holdings if h.symbol == "2513.HK")
    assert h.price_in_currency == D("1100") and h.price.date == dt.date(2026, 11, 27)


def test_currency_mismatch_is_refused(ledger, prices, stub, repo):
    install_market(stub)
    stub.series["AAPL"].currency = "EUR"
    (r,) = prices.refresh(["AAPL"]).results
    assert r.error_kind == "bad_data" and "EUR" in r.error
    assert not repo.market.closes("AAPL")


def test_cancel_and_time_limit_stop_the_rest(ledger, prices, stub, repo):
    install_market(stub)
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1  # let the first symbol through

    result = prices.refresh(cancel=cancel)
    kinds = [r.error_kind for r in result.results]
    assert kinds[0] is None and set(kinds[1:]) == {"cancelled"} and result.cancelled
    result = prices.refresh(time_limit=-1)
    assert {r.error_kind for r in result.results} == {"timeout"}


def test_refresh_cli_partial_failure_names_each_symbol(ledger, stub, db_path, capsys):
    install_market(stub)
    del stub.series["AAPL"]
    code = cli.main(["--db", str(db_path), "refresh"])
    out, err = capsys.readouterr()
    assert code == 3
    assert len(err.splitlines()) == 1 and err.startswith("error: AAPL: ")
    assert "2513.HK:" in out and "3 of 4 refreshed" in out
    code = cli.main(["--db", str(db_path), "refresh", "--symbols", "2513", "0100.hk"])
    assert code == 0
    code = cli.main(["--db", str(db_path), "refresh", "--symbols", "MOONSHOT"])
    assert code == 2


def test_history_cli(ledger, prices, stub, db_path, capsys):
    install_market(stub)
    prices.refresh(["2513.HK"])
    capsys.readouterr()
    code = cli.main(["--db", str(db_path), "history", "02513", "--from", "2026-11-25", "--to", "2026-11-27", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [r["date"] for r in doc["closes"]] == ["2026-11-25", "2026-11-26", "2026-11-27"]
    assert doc["symbol"] == "2513.HK" and doc["currency"] == "HKD"
    assert cli.main(["--db", str(db_path), "history", "NOPE"]) == 2


def test_yfinance_caches_live_in_the_app_cache_folder(ledger, prices, stub, tmp_path):
    import yfinance as yf

    install_market(stub)
    prices.refresh(["2513.HK"])
    folder = tmp_path / "cache" / "yfinance"
    assert yf.cache._TzDBManager.get_location() == str(folder)
    assert (folder / "tkr-tz.db").exists()


def test_closes_typed_in_first_do_not_stop_the_history_backfill(ledger, prices, stub, repo, service):
    install_market(stub)
    service.ledger.import_prices(b"date,symbol,close,currency\n2026-11-25,2513.HK,999,HKD\n")
    assert prices.refresh(["2513.HK"]).ok
    assert history_starts(stub, "2513.HK") == [dt.date(2026, 10, 26)]  # a week before the first trade
    closes = {q.date: q.close for q in repo.market.closes("2513.HK")}
    assert min(closes) == dt.date(2026, 10, 26)
    assert closes[dt.date(2026, 11, 25)] == D("999")  # what the user typed is kept
    stub.queries.clear()
    assert prices.refresh(["2513.HK"]).ok
    assert history_starts(stub, "2513.HK") == [dt.date(2026, 11, 27)]  # backfilled once, then incremental


def test_a_rate_typed_in_is_never_overwritten_by_a_refresh(ledger, prices, stub, repo, service):
    install_market(stub)
    service.settings.set_fx("USD", "HKD", "7.80", "2026-11-25")
    assert prices.refresh().ok
    rates = {r.date: r.rate for r in repo.market.fx_rates() if (r.base, r.quote) == ("USD", "HKD")}
    assert rates[dt.date(2026, 11, 25)] == D("7.80")
    assert rates[dt.date(2026, 11, 26)] == D("7.781234")


@pytest.mark.parametrize("body, status", [("{not json", 200), ('{"chart": {"result": [null], "error": null}}', 200),
                                          ("", 200), ("<html>Will be right back</html>", 200),
                                          ('{"chart": {"result": null, "error": null}}', 500)])
def test_malformed_responses_are_refused_and_nothing_is_stored(ledger, prices, stub, repo, body, status):
    install_market(stub)
    stub.overrides["2513.HK"] = lambda request: (status, body)
    (r,) = prices.refresh(["2513.HK"]).results
    assert r.error is not None and r.error_kind in ("bad_data", "unknown_symbol")
    assert repo.market.closes("2513.HK") == [] and repo.market.latest_market_prices(TODAY) == {}


def test_negative_and_null_prices_are_never_stored(ledger, prices, stub, repo):
    days = install_market(stub)
    stub.series["2513.HK"].closes[days[-1]] = -5.0
    stub.series["2513.HK"].closes[days[-2]] = None
    stub.series["2513.HK"].market_price = -5.0
    (r,) = prices.refresh(["2513.HK"]).results
    assert r.error_kind == "bad_data"
    stored = {q.date: q.close for q in repo.market.closes("2513.HK")}
    assert days[-1] not in stored and days[-2] not in stored and all(v > 0 for v in stored.values())
    assert repo.market.latest_market_prices(TODAY) == {}
