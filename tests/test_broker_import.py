"""Issue 14 end to end: broker and tracker exports through
``paperwealth-cli import-transactions``, the holdings they leave (figures
worked by hand below each import), re-imports that change nothing, an
overlapping newer export, --dry-run, --allow-duplicates and every refusal.

Files in tests/broker_files/: import_ibkr_h1.xml and import_ibkr_h2.xml (an
IBKR Flex XML of January to May 2025 and a newer one of the whole year that
repeats two of its trades, adds a sale and a dividend, and cancels a trade
of the first), import_ibkr_trades.csv (the Flex CSV, trades then cash), and
the Ghostfolio, Wealthfolio, Futu (GB18030) and Big5 files of the readers' tests.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY

FILES = Path(__file__).parent / "broker_files"

FUTU = {
    "date_format": "%Y/%m/%d %H:%M:%S", "thousands": ",",
    "columns": {"date": "成交时间", "type": "方向", "symbol": "代码", "name": "名称",
                "quantity": "成交数量", "price": "成交价格", "currency": "币种",
                "fees": ["佣金", "平台使用费", "印花税", "交易征费", "交易费"], "id": "成交编号"},
    "types": {"买入": "buy", "卖出": "sell"},
    "market": "HK",
}
BIG5 = {"columns": {"date": "成交日期", "type": "買賣", "symbol": "股票代號", "name": "股票名稱",
                    "quantity": "數量", "price": "價格", "fees": "手續費"},
        "types": {"買入": "buy", "賣出": "sell"}, "market": "HK", "currency": "HKD"}


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "ledger.sqlite3")


def run(capsys, db, *argv):
    code = cli.main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def imported(capsys, db, name, *flags):
    code, out, err = run(capsys, db, "import-transactions", str(FILES / name), *flags)
    assert code == 0, err
    return out


def table(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT * FROM transactions ORDER BY id").fetchall()
    finally:
        conn.close()


def file_digest(db):
    return hashlib.sha256(Path(db).read_bytes()).hexdigest()


def positions(db):
    with SqliteRepository(db) as repo:
        report = Portfolio(repo, today=lambda: TODAY).reports.report()
        return {h.position.symbol: h.position for h in report.holdings}


def check(position, quantity, cost, trading=D(0), dividends=D(0)):
    assert (position.quantity, position.cost_basis, position.trading_gain, position.dividends) == (
        D(quantity), D(cost), D(trading), D(dividends))


# -- IBKR --------------------------------------------------------------------------------


def test_ibkr_xml_then_a_newer_overlapping_export(capsys, db):
    # A stored rate converts the commission charged in USD: 1 USD = 7.80 HKD from 2025-01-01.
    assert run(capsys, db, "set-fx", "USD", "HKD", "7.80", "--date", "2025-01-01")[0] == 0
    out = imported(capsys, db, "import_ibkr_h1.xml")
    assert "Imported 5 transactions." in out and "5 new, 0 already in the ledger" in out
    assert "skipped: 1 option trade (OPT), 1 deposit or withdrawal" in out
    held = positions(db)
    # 0700.HK (SEHK 700): 200 x 385.2 = 77,040; fees = commission 3.5 USD x 7.80 = 27.30
    # plus stamp duty and levies in taxes 101.12 = 128.42; cost 77,168.42.
    check(held["0700.HK"], 200, "77168.42")
    # 2513.HK: 500 x 120 + (63.6 + 18) = 60,081.6 (the newer export cancels it).
    check(held["2513.HK"], 500, "60081.6")
    # AAPL (NASDAQ): 10 x 227.48 + 1 = 2,275.80; dividend USD 0.26 per share on 10 shares = 2.60,
    # 0.78 withheld: 1.82 net.
    check(held["AAPL"], 10, "2275.80", dividends="1.82")
    # 600519.SS (Shanghai Connect, CNH read as CNY): 100 x 1550.5 + 15 = 155,065.
    check(held["600519.SS"], 100, "155065")
    before = table(db)
    assert "0 new, 5 already in the ledger" in imported(capsys, db, "import_ibkr_h1.xml")
    assert table(db) == before

    out = imported(capsys, db, "import_ibkr_h2.xml")
    # New: the sale (1006) and the 0700.HK dividend (2003); 1001 and 1002 are in the ledger.
    assert "Imported 2 transactions." in out and "2 new, 2 already in the ledger" in out
    assert "1 stored trade cancelled by the file removed" in out
    held = positions(db)
    # 0700.HK: the dividend of HKD 680 was paid on the 200 shares held on 2025-05-30 (the ledger's
    # 200 from 1001 are the file's own 1001, counted once): 3.40 a share. Sold 50 x 500 = 25,000,
    # fees 33.1 + 18 = 51.1: proceeds 24,948.9 less a quarter of the cost 77,168.42 / 4 = 19,292.105
    # gives 5,656.795; 150 left at 77,168.42 - 19,292.105 = 57,876.315.
    check(held["0700.HK"], 150, "57876.315", trading="5656.795", dividends="680")
    assert "2513.HK" not in held  # the cancelled trade is gone from the ledger
    check(held["AAPL"], 10, "2275.80", dividends="1.82")
    check(held["600519.SS"], 100, "155065")
    with SqliteRepository(db) as repo:
        dividend = [t for t in repo.transactions.all(symbols=["0700.HK"]) if t.type.value == "dividend"][0]
    assert (dividend.quantity, dividend.price) == (200, D("3.4"))

    # The newer file again: nothing changes (the cancel finds nothing left to remove).
    before = table(db)
    out = imported(capsys, db, "import_ibkr_h2.xml")
    assert "0 new, 4 already in the ledger" in out and "ibkr:1005, which is not in the ledger" in out
    assert table(db) == before


def test_ibkr_flex_csv_with_trades_and_cash_sections(capsys, db):
    out = imported(capsys, db, "import_ibkr_trades.csv")
    assert "Imported 6 transactions." in out and "skipped: 1 cancelled trade, 1 option trade (OPT)" in out
    held = positions(db)
    # No stored rate: the USD commission is converted through fxRateToBase 0.12834 (HKD -> USD):
    # 3.5 / 0.12834 = 27.2713... -> 27.27; fees 27.27 + 101.12 = 128.39 (IBKR's own netCash -77,168.39).
    # Sold 50 x 500 - 51.1 = 24,948.9 less 77,168.39 / 4 = 19,292.0975: 5,656.8025; 150 left at 57,876.2925.
    check(held["0700.HK"], 150, "57876.2925", trading="5656.8025")
    assert "2513.HK" not in held  # bought and cancelled in the same file
    check(held["AAPL"], 10, "2275.80", dividends="1.82")
    check(held["600519.SS"], 100, "155065")
    # 000858.SZ (Shenzhen Connect, code 858 padded to six digits): 200 x 150.2 + 5 = 30,045.
    check(held["000858.SZ"], 200, "30045")
    before = table(db)
    assert "0 new, 6 already in the ledger" in imported(capsys, db, "import_ibkr_trades.csv")
    assert table(db) == before
    # The XML export of the same account: its trades carry the same ids.
    # 1001, 1002 and 1006 are in the ledger; the 0700.HK dividend (2003) is new.
    assert "1 new, 3 already in the ledger" in imported(capsys, db, "import_ibkr_h2.xml")


# -- trackers -----------------------------------------------------------------------------


def test_ghostfolio_json(capsys, db):
    out = imported(capsys, db, "ghostfolio_export.json")
    assert "4 new, 0 already in the ledger" in out and "skipped: 1 fee" in out
    held = positions(db)
    # 200 x 385.2 + 18.5 = 77,058.5; dividend 200 x 3.4 = 680; sold 50 x 500 - 20.1 = 24,979.9
    # less 77,058.5 / 4 = 19,264.625: 5,715.275; 150 left at 57,793.875.
    check(held["0700.HK"], 150, "57793.875", trading="5715.275", dividends="680")
    check(held["MOONSHOT"], 1000, "12500")  # MANUAL data source: a private holding, 1000 x 12.5
    with SqliteRepository(db) as repo:
        assert repo.instruments.all()["MOONSHOT"].asset_class.value == "private"
        assert {t.account for t in repo.transactions.all()} == {"Futu HK"}
    before = table(db)
    assert "0 new, 4 already in the ledger" in imported(capsys, db, "ghostfolio_export.json")
    assert table(db) == before


def test_ghostfolio_csv(capsys, db):
    out = imported(capsys, db, "ghostfolio.csv")
    assert "3 new, 0 already" in out and "skipped: 1 interest payment" in out
    held = positions(db)
    check(held["0700.HK"], 150, "57793.875", trading="5715.275")  # as the JSON, without the dividend
    check(held["AAPL"], 10, "12275.8")  # "1,227.48" x 10 + 1
    before = table(db)
    assert "0 new, 3 already in the ledger" in imported(capsys, db, "ghostfolio.csv")
    assert table(db) == before


def test_wealthfolio_csv(capsys, db):
    out = imported(capsys, db, "wealthfolio.csv")
    assert "5 new, 0 already" in out and "skipped: 1 deposit or withdrawal, 1 holding moved out" in out
    assert "those holdings will differ" in out
    held = positions(db)
    # 0700.HK as Ghostfolio's file; the dividend's 680 divided over the 200 held that day.
    check(held["0700.HK"], 150, "57793.875", trading="5715.275", dividends="680")
    # AAPL moved in at 10 x 180 = 1,800 (the cost carried over), then split 1 into 4: 40 shares, same cost.
    check(held["AAPL"], 40, "1800")
    before = table(db)
    assert "0 new, 5 already in the ledger" in imported(capsys, db, "wealthfolio.csv")
    assert table(db) == before


# -- mappings -----------------------------------------------------------------------------


def test_a_gb18030_csv_through_a_mapping_file(capsys, db, tmp_path):
    mapping = tmp_path / "futu.json"
    mapping.write_text(json.dumps(FUTU, ensure_ascii=False), encoding="utf-8")
    out = imported(capsys, db, "futu_gb18030.csv", "--mapping", str(mapping), "--account", "Futu")
    assert "3 new, 0 already" in out
    held = positions(db)
    # Fees summed over five columns: buy 3 + 15 + 386 + 21.8 + 4.4 = 430.2, so 77,040 + 430.2 = 77,470.2;
    # sale 3 + 15 + 25 + 1.42 + 0.28 = 44.7: 25,000 - 44.7 - 77,470.2 / 4 (19,367.55) = 5,587.75;
    # 150 left at 58,102.65.
    check(held["0700.HK"], 150, "58102.65", trading="5587.75")
    # 2513.HK: "1,000" x 120 + (3 + 15 + 120 + 6.8 + 1.37) = 120,146.17.
    check(held["2513.HK"], 1000, "120146.17")
    with SqliteRepository(db) as repo:
        assert {t.account for t in repo.transactions.all()} == {"Futu"}
    before = table(db)
    assert "0 new, 3 already" in imported(capsys, db, "futu_gb18030.csv", "--mapping", str(mapping))
    assert table(db) == before


def test_a_big5_file_through_a_saved_mapping(capsys, db, tmp_path, monkeypatch):
    from desktop_app.input.brokers.mapping import Mapping
    from desktop_app.services import import_mappings

    monkeypatch.setenv("PAPERWEALTH_CONFIG_DIR", str(tmp_path / "config"))
    import_mappings.save("港股 Big5", Mapping(**BIG5))
    out = imported(capsys, db, "hk_big5.tsv", "--mapping", "港股 Big5")
    assert "2 new, 0 already" in out
    # 200 x 385.2 + 50 = 77,090; sold 50 x 500 - 40 = 24,960 less 77,090 / 4 = 19,272.5: 5,687.5;
    # 150 left at 57,817.5.
    check(positions(db)["0700.HK"], 150, "57817.5", trading="5687.5")


# -- our own CSV, --dry-run, --allow-duplicates ---------------------------------------------


def test_dry_run_writes_nothing_and_allow_duplicates_imports_again(capsys, db):
    assert run(capsys, db, "init")[0] == 0
    before = file_digest(db)
    code, out, _ = run(capsys, db, "import-transactions", str(FILES / "import_ibkr_h1.xml"), "--dry-run",
                       "--format", "ibkr")
    assert code == 0 and "Dry run: would import 5 transactions; nothing was written." in out
    assert "5 new, 0 already in the ledger" in out
    assert file_digest(db) == before
    imported(capsys, db, "ghostfolio.csv")
    rows = table(db)
    out = imported(capsys, db, "ghostfolio.csv", "--allow-duplicates")
    assert "3 new, 0 already in the ledger" in out
    assert len(table(db)) == 2 * len(rows)
    # 0700.HK twice over: 400 bought, 100 sold.
    assert positions(db)["0700.HK"].quantity == 300


def test_a_file_exported_by_us_matches_the_rows_it_came_from(capsys, db, tmp_path):
    imported(capsys, db, "ghostfolio.csv")
    exported = tmp_path / "ours.csv"
    assert run(capsys, db, "export-transactions", str(exported))[0] == 0
    before = table(db)
    # Our CSV, the same trades (name and note as we write them): every row is already in the ledger.
    assert "0 new, 3 already in the ledger" in imported(capsys, db, str(exported))
    assert table(db) == before


# -- refusals: exit 2, the database byte for byte as it was ---------------------------------


def _refused(capsys, db, argv, *fragments):
    before = file_digest(db)
    code, _out, err = run(capsys, db, "import-transactions", *argv)
    assert code == 2, err
    for fragment in fragments:
        assert fragment in err
    assert "Traceback" not in err
    assert file_digest(db) == before
    return err


def test_every_refusal_leaves_the_database_as_it_was(capsys, db, tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWEALTH_CONFIG_DIR", str(tmp_path / "config"))
    imported(capsys, db, "ghostfolio.csv")
    # A bad row: the AAPL trade's price, on line 8 of the XML.
    bad = tmp_path / "bad.xml"
    bad.write_bytes((FILES / "import_ibkr_h1.xml").read_bytes().replace(b'tradePrice="227.48"', b'tradePrice="abc"'))
    _refused(capsys, db, [str(bad)], "line 8, column tradePrice", "nothing was imported")
    # A row our checks refuse (a sale of more than is held), named by its line in the broker's file.
    oversell = tmp_path / "oversell.csv"
    oversell.write_text("Date,Code,Currency,Price,Quantity,Action,Fee\n"
                        "2025-01-02,9999.HK,HKD,1,5,sell,0\n", encoding="utf-8")
    _refused(capsys, db, [str(oversell)], "line 2", "nothing was imported")
    # A file of no format we know: one line naming its header, pointing to --mapping.
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("when,what,how many\n2025-01-02,x,1\n", encoding="utf-8")
    err = _refused(capsys, db, [str(unknown)], "header 'when,what,how many'", "--mapping")
    assert len(err.strip().splitlines()) == 1
    # A column the mapping names but the file lacks.
    mapping = tmp_path / "futu.json"
    mapping.write_text(json.dumps(dict(FUTU, columns=dict(FUTU["columns"], quantity="数量")), ensure_ascii=False),
                       encoding="utf-8")
    _refused(capsys, db, [str(FILES / "futu_gb18030.csv"), "--mapping", str(mapping)], "'数量'")
    # A type value the mapping does not map: named, with its line.
    mapping.write_text(json.dumps(dict(FUTU, types={"买入": "buy"}), ensure_ascii=False), encoding="utf-8")
    _refused(capsys, db, [str(FILES / "futu_gb18030.csv"), "--mapping", str(mapping)], "line 4", "'卖出'")
    # A mapping name nobody saved.
    _refused(capsys, db, [str(FILES / "futu_gb18030.csv"), "--mapping", "nobody saved this"],
             "no mapping file or saved mapping named 'nobody saved this'")
    # --format mapping without a mapping; a mapping with another format.
    _refused(capsys, db, [str(FILES / "futu_gb18030.csv"), "--format", "mapping"], "needs the mapping")
    mapping.write_text(json.dumps(FUTU, ensure_ascii=False), encoding="utf-8")
    _refused(capsys, db, [str(FILES / "futu_gb18030.csv"), "--mapping", str(mapping), "--format", "ibkr"],
             "not as 'ibkr'")
