"""Offline, through the real yfinance code: a refresh says once, plainly,
that Yahoo Finance cannot be reached, in the command line and the window,
and changes no stored price. ``responses`` answers every Yahoo request with
the exception a machine without network gets."""

from __future__ import annotations

import pytest
import requests
import responses

from desktop_app import cli
from tests.conftest import csv_bytes
from tests.yahoo_stub import YAHOO, reset_yfinance_caches


def _no_dns() -> Exception:
    return requests.exceptions.ConnectionError(
        "HTTPSConnectionPool(host='fc.yahoo.com', port=443): Max retries exceeded with url: / (Caused by "
        "NameResolutionError(\"Failed to resolve 'fc.yahoo.com' ([Errno -3] Temporary failure in name resolution)\"))")


def _curl_no_dns() -> Exception:
    from curl_cffi.requests.exceptions import DNSError

    return DNSError("Failed to perform, curl: (6) Could not resolve host: fc.yahoo.com.")


@pytest.fixture
def ledger(service):
    service.ledger.import_transactions(csv_bytes("2026-11-02,buy,02513,Zhipu,listed,100,900,HKD,,,",
                                          "2026-11-04,buy,AAPL,Apple,listed,10,250,USD,,,"))
    return service


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """Every Yahoo request fails as it does with no network; nothing is cached
    from an earlier refresh (no cookie: the first request is the cookie's)."""
    monkeypatch.setenv("PAPERWEALTH_CACHE_DIR", str(tmp_path / "cache"))
    reset_yfinance_caches()

    def install(make_error):
        rsps = responses.RequestsMock(assert_all_requests_are_fired=False)
        rsps.start()
        for method in (responses.GET, responses.POST, responses.HEAD):
            rsps.add(method, YAHOO, body=make_error())
        return rsps

    started = []
    yield lambda make_error: started.append(install(make_error))
    for rsps in started:
        rsps.stop()
        rsps.reset()
    reset_yfinance_caches()


@pytest.mark.parametrize("make_error", [_no_dns, _curl_no_dns], ids=["requests", "curl_cffi"])
def test_refresh_offline_says_so_once_on_the_command_line(ledger, offline, repo, db_path, capsys, make_error):
    offline(make_error)
    before = repo.market.all_closes()
    code = cli.main(["--db", str(db_path), "refresh"])
    out, err = capsys.readouterr()
    assert code == 3
    assert len(err.splitlines()) == 1 and err.startswith("error: offline: ")
    assert err.count("Yahoo Finance") == 1 and err.count("(") == 1, err  # not "(cannot reach ... (...))"
    assert "cannot be read" not in err and "Traceback" not in err
    assert repo.market.all_closes() == before
    assert repo.market.last_refresh()["offline"] == 1


def test_refresh_offline_says_so_in_the_window(ledger, offline, make_window, qtbot, tmp_path):
    from desktop_app.prices.yahoo import YahooSource

    offline(_no_dns)
    window = make_window(YahooSource(tmp_path / "cache" / "yfinance", backoff=(0, 0), timeout=2))
    with qtbot.waitSignal(window.refresh_finished, timeout=30000) as blocker:
        window.price_refresh.refresh()
    result = blocker.args[0]
    assert result.offline, [r.error for r in result.results]
    assert all(r.error.count("Yahoo Finance") == 1 for r in result.results)
    message = window.statusBar().currentMessage()
    assert message.startswith("Offline") and message.count("Yahoo Finance") == 1
    qtbot.waitUntil(lambda: "offline" in window.price_age.text(), timeout=10000)
