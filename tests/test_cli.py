import hashlib
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli, paths
from tests.conftest import csv_bytes

TX = csv_bytes(
    "2026-01-08,buy,02513,Zhipu,listed,100,116.20,HKD,,Broker,IPO allotment",
    "2025-06-15,buy,MOONSHOT,Moonshot AI,private,1000,12.50,USD,250,SPV,",
)


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.sqlite3")


@pytest.fixture
def tx_file(tmp_path):
    path = tmp_path / "tx.csv"
    path.write_bytes(TX)
    return str(path)


def test_the_issue_example_end_to_end(capsys, db, tx_file, tmp_path):
    assert run(capsys, "--db", db, "init")[0] == 0
    code, out, _ = run(capsys, "--db", db, "import-transactions", tx_file)
    assert code == 0 and "Imported 2 transactions" in out and "2513.HK" in out
    prices = tmp_path / "prices.csv"
    prices.write_text("date,symbol,close,currency\n2026-11-27,2513,1001.00,HKD\n")
    assert run(capsys, "--db", db, "import-prices", str(prices))[0] == 0
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "add-mark",
        "MOONSHOT",
        "--date",
        "2026-09-30",
        "--price",
        "24",
        "--currency",
        "USD",
        "--source",
        "secondary",
        "--note",
        "sample",
    )
    assert code == 0 and "Mark recorded" in out and "created" not in out
    assert run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2025-01-01")[0] == 0
    code, out, err = run(capsys, "--db", db, "report", "--json", "--as-of", "2026-11-28")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == {"as_of", "base_currency", "cost_method", "holdings", "grants", "totals", "warnings"}
    assert (doc["as_of"], doc["base_currency"], doc["cost_method"], doc["warnings"]) == (
        "2026-11-28",
        "HKD",
        "fifo",
        [],
    )
    zhipu = next(h for h in doc["holdings"] if h["symbol"] == "2513.HK")
    assert {k: zhipu[k] for k in ("locked_quantity", "tradable_quantity", "mark_age_days", "discount_pct")} == {
        "locked_quantity": "0", "tradable_quantity": "100", "mark_age_days": None, "discount_pct": None}
    assert zhipu["moic"] == "8.6145" and zhipu["xirr"] is not None
    contract = {k: v for k, v in zhipu.items() if k not in (
        "locked_quantity", "tradable_quantity", "mark_age_days", "discount_pct", "undiscounted_price", "moic", "xirr")}
    assert contract == {
        "symbol": "2513.HK",
        "name": "Zhipu",
        "asset_class": "listed",
        "currency": "HKD",
        "quantity": "100",
        "cost_basis": "11620.00",
        "average_cost": "116.20",
        "price": "1001.00",
        "price_date": "2026-11-27",
        "price_source": "quote",
        "market_value": "100100.00",
        "unrealized_gain": "88480.00",
        "unrealized_gain_pct": "761.45",
        "realized_gain": "0.00",
        "fx_rate": "1",
        "market_value_base": "100100.00",
        "cost_basis_base": "11620.00",
        "unrealized_gain_base": "88480.00",
        "realized_gain_base": "0.00",
        "stale": False,
    }
    moon = next(h for h in doc["holdings"] if h["symbol"] == "MOONSHOT")
    assert (moon["price_source"], moon["fx_rate"], moon["market_value_base"]) == ("mark", "7.8", "187200.00")
    totals = doc["totals"]
    assert D(totals["market_value_base"]) == D("100100.00") + D("187200.00")
    assert D(totals["unrealized_gain_base"]) == D(totals["market_value_base"]) - D(totals["cost_basis_base"])
    # every number is a string
    assert all(isinstance(v, str) for v in totals.values())


def test_readable_table_and_options(capsys, db, tx_file):
    run(capsys, "--db", db, "import-transactions", tx_file)
    code, out, _ = run(
        capsys, "--db", db, "report", "--base", "usd", "--cost-method", "average", "--as-of", "2026-11-28"
    )
    assert code == 0
    assert "base USD, cost method average" in out and "2513.HK" in out
    assert "no HKD->USD exchange rate" in out and "valued at cost" in out


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["report", "--as-of", "2026-13-01"], "--as-of"),
        (["report", "--base", "HKX"], "--base"),
        (["report", "--cost-method", "lifo"], "--cost-method"),
        (["add-mark", "X", "--date", "2026-01-01", "--price", "0", "--currency", "USD", "--source", "round"], "price"),
        (
            ["add-mark", "X", "--date", "2026-01-01", "--price", "1", "--currency", "USD", "--source", "rumour"],
            "source",
        ),
        (["set-fx", "USD", "USD", "1"], "same currency"),
        (["import-transactions", "/nonexistent/file.csv"], "cannot read"),
        (["no-such-command"], "invalid choice"),
        (["add-mark", "X"], "required"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_writes_nothing(capsys, db, tx_file, argv, fragment):
    run(capsys, "--db", db, "import-transactions", tx_file)
    before = digest(db)
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 2
    assert fragment in err and "Traceback" not in err
    assert digest(db) == before


def test_failed_import_reports_rows_and_leaves_the_file_unchanged(capsys, db, tx_file, tmp_path):
    run(capsys, "--db", db, "import-transactions", tx_file)
    before = digest(db)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("2026-01-09,sell,2513,,listed,101,1,HKD,,,", "2026-01-09,buy,X,,listed,1,1,HKX,,,"))
    code, _, err = run(capsys, "--db", db, "import-transactions", str(bad))
    assert code == 2
    assert "line 2, column quantity" in err and "line 3, column currency" in err
    assert "nothing was imported" in err
    assert digest(db) == before
    # the same file twice: its rows are already in the ledger (issue 14), unless allowed again
    code, out, _ = run(capsys, "--db", db, "import-transactions", tx_file)
    assert code == 0 and "Imported 0 transactions." in out and "0 new, 2 already in the ledger" in out
    assert digest(db) == before
    code, out, _ = run(capsys, "--db", db, "import-transactions", tx_file, "--allow-duplicates")
    assert code == 0 and "2 new, 0 already in the ledger" in out


def test_add_mark_creates_an_unknown_symbol_as_private(capsys, db):
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "add-mark",
        "stepfun",
        "--date",
        "2025-09-01",
        "--price",
        "6",
        "--currency",
        "USD",
        "--source",
        "round",
    )
    assert code == 0 and "STEPFUN was not known: created it as a private instrument" in out


def test_export_to_stdout_and_file(capsys, db, tx_file, tmp_path):
    run(capsys, "--db", db, "import-transactions", tx_file)
    code, out, _ = run(capsys, "--db", db, "export-transactions", "-")
    assert (
        code == 0
        and out.splitlines()[0] == "date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note"
    )
    target = tmp_path / "out.csv"
    assert run(capsys, "--db", db, "export-transactions", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == out


def test_demo_loads_once_and_reports(capsys, db):
    code, out, _ = run(capsys, "--db", db, "demo")
    assert code == 0 and "6 transactions" in out
    code, out, _ = run(capsys, "--db", db, "report", "--json", "--as-of", "2026-11-28")
    doc = json.loads(out)
    assert {h["symbol"] for h in doc["holdings"]} == {"2513.HK", "0100.HK", "MOONSHOT", "STEPFUN"}
    assert doc["warnings"] == []
    assert D(doc["totals"]["realized_gain_base"]) > 0
    assert run(capsys, "--db", db, "demo")[0] == 2  # never mixed into a ledger with data


def test_empty_database_report_says_what_to_do(capsys, db):
    assert run(capsys, "--db", db, "init")[0] == 0
    code, out, _ = run(capsys, "--db", db, "report")
    assert code == 0 and "No holdings yet" in out


def test_database_location_precedence(capsys, tmp_path, monkeypatch):
    env_db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("PAPERWEALTH_DB", str(env_db))
    assert run(capsys, "init")[0] == 0 and env_db.exists()
    flag_db = tmp_path / "flag.sqlite3"
    assert run(capsys, "--db", str(flag_db), "init")[0] == 0 and flag_db.exists()
    monkeypatch.delenv("PAPERWEALTH_DB")
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path / "userdata")
    assert paths.resolve_db_path(None) == tmp_path / "userdata" / "paperwealth.sqlite3"
    assert run(capsys, "init")[0] == 0 and (tmp_path / "userdata" / "paperwealth.sqlite3").exists()


def test_not_a_database_exits_2_untouched(capsys, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"hello" * 1000)
    code, _, err = run(capsys, "--db", str(junk), "report")
    assert code == 2 and "not a Paper Wealth database" in err
    assert junk.read_bytes() == b"hello" * 1000


def test_unexpected_errors_exit_1_without_traceback_unless_debug(capsys, db, monkeypatch):
    from desktop_app.services import reporting

    def boom(self, **kw):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(reporting.Reports, "report", boom)
    assert run(capsys, "--db", db, "init")[0] == 0
    code, _, err = run(capsys, "--db", db, "report")
    assert code == 1 and "kaboom" in err and "Traceback" not in err and "--debug" in err
    code, _, err = run(capsys, "--db", db, "--debug", "report")
    assert code == 1 and "Traceback" in err


def test_bad_usage_on_a_new_database_leaves_no_file(capsys, tmp_path):
    path = tmp_path / "never.sqlite3"
    code, _, err = run(capsys, "--db", str(path), "report", "--as-of", "2026-13-01")
    assert code == 2 and not path.exists()
    assert not list(tmp_path.glob("never.sqlite3*"))


def test_amounts_always_have_cents_and_prices_at_most_six_places(capsys, db, tmp_path):
    assert run(capsys, "--db", db, "init")[0] == 0
    code, out, _ = run(capsys, "--db", db, "report", "--json")
    assert json.loads(out)["totals"]["market_value_base"] == "0.00"
    tx = tmp_path / "t.csv"
    tx.write_bytes(csv_bytes("2025-06-15,buy,MOONSHOT,,private,10,10,USD,,,"))
    run(capsys, "--db", db, "import-transactions", str(tx))
    run(capsys, "--db", db, "add-mark", "MOONSHOT", "--date", "2026-01-01", "--price", "100", "--currency", "HKD",
        "--source", "bid")
    run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.78", "--date", "2025-01-01")
    code, out, _ = run(capsys, "--db", db, "report", "--json", "--as-of", "2026-11-28")
    assert json.loads(out)["holdings"][0]["price"] == "12.85347"  # 100 HKD / 7.78, six places at most


def test_settings_show_change_and_drive_the_report(capsys, db, tx_file):
    assert run(capsys, "--db", db, "import-transactions", tx_file)[0] == 0
    assert run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2025-01-01")[0] == 0
    code, out, _ = run(capsys, "--db", db, "settings", "--json")
    assert code == 0 and json.loads(out) == {"base_currency": "HKD", "cost_method": "fifo",
                                             "listed_stale_days": 5, "private_stale_days": 180,
                                             "tax_regime": "none", "tax_rate": None, "tax_other_income": "0.00",
                                             "benchmarks": ["^HSI", "HSTECH.HK"]}
    code, out, _ = run(capsys, "--db", db, "settings", "--base", "usd", "--cost-method", "Average",
                       "--private-stale-days", "90")
    assert code == 0 and "base_currency: USD" in out and "cost_method: average" in out
    assert "private_stale_days: 90" in out
    code, out, _ = run(capsys, "--db", db, "report", "--json", "--as-of", "2026-11-28")
    doc = json.loads(out)
    assert doc["base_currency"] == "USD" and doc["cost_method"] == "average"
    # 100 x 116.20 HKD / 7.8 + 12,750 USD at cost
    assert D(doc["totals"]["market_value_base"]) == D("1489.74") + D("12750.00")


def test_bad_settings_are_named_and_change_nothing(capsys, db):
    assert run(capsys, "--db", db, "init")[0] == 0
    assert run(capsys, "--db", db, "settings", "--base", "CNY")[0] == 0
    before = digest(db)
    code, _, err = run(capsys, "--db", db, "settings", "--base", "HKD", "--cost-method", "lifo",
                       "--listed-stale-days", "0")
    assert code == 2 and "Traceback" not in err
    assert "--cost-method: 'lifo' is not one of: fifo, average" in err
    assert "--listed-stale-days: '0' is not a number of days from 1 to 3650" in err
    assert digest(db) == before  # the good --base was not written either
    assert json.loads(run(capsys, "--db", db, "settings", "--json")[1])["base_currency"] == "CNY"


def test_a_base_currency_nothing_converts_into_is_stored_with_a_warning(capsys, db, tx_file):
    assert run(capsys, "--db", db, "import-transactions", tx_file)[0] == 0
    assert run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2025-01-01")[0] == 0
    code, _, err = run(capsys, "--db", db, "settings", "--base", "XAU")
    assert code == 0 and "no stored rate turns HKD, USD into XAU" in err
    code, _, err = run(capsys, "--db", db, "settings", "--base", "USD")
    assert code == 0 and "warning" not in err  # HKD reaches USD through the inverse of USD/HKD


def test_report_csv_holdings_for_a_spreadsheet(capsys, db, tx_file, tmp_path):
    import csv
    import io

    assert run(capsys, "--db", db, "import-transactions", tx_file)[0] == 0
    assert run(capsys, "--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2025-01-01")[0] == 0
    code, out, _ = run(capsys, "--db", db, "report", "--as-of", "2026-11-28", "--csv", "-")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["symbol"] for r in rows] == ["2513.HK", "MOONSHOT", "TOTAL"]
    code, doc, _ = run(capsys, "--db", db, "report", "--as-of", "2026-11-28", "--json")
    doc = json.loads(doc)
    for row, holding in zip(rows, doc["holdings"], strict=False):  # the JSON document's values, key for key
        assert all(row[k] == ("" if holding[k] is None else str(holding[k]))
                   for k in row if k != "stale"), row["symbol"]
    total = rows[-1]
    assert total["name"] == "HKD as of 2026-11-28"
    assert total["market_value_base"] == doc["totals"]["market_value_base"]
    assert D(total["market_value_base"]) == sum(D(r["market_value_base"]) for r in rows[:-1])
    # To a file: UTF-8 with a byte-order mark (Excel), the JSON still on standard output.
    target = tmp_path / "h.csv"
    code, out, err = run(capsys, "--db", db, "report", "--json", "--csv", str(target))
    assert code == 0 and json.loads(out)["holdings"] and "Wrote 2 holdings" in err
    assert target.read_bytes().startswith(b"\xef\xbb\xbfsymbol,name,")
    code, _, err = run(capsys, "--db", db, "report", "--json", "--csv", "-")
    assert code == 2 and "--csv -" in err


# -- a read command never creates a ledger (issue 11, item 13) -------------------------------------

READ_COMMANDS = [["report"], ["report", "--json"], ["report", "--csv", "-"], ["history", "2513.HK"],
                 ["deadlines"], ["export-transactions", "-"], ["export-transactions", "OUT"], ["check"],
                 ["settings"], ["settings", "--json"], ["backup"]]


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_a_read_command_on_a_missing_ledger_says_so_and_creates_nothing(capsys, tmp_path, argv):
    typo = tmp_path / "no-such-folder" / "ledgr.sqlite3"
    argv = [str(tmp_path / "out.csv") if a == "OUT" else a for a in argv]
    code, out, err = run(capsys, "--db", str(typo), *argv)
    assert code == 2, err
    assert f"no ledger at {typo}" in err and "init" in err and "No holdings" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no folder, no file, no export


def test_commands_that_write_still_create_the_ledger(capsys, tmp_path, tx_file):
    for argv in (["init"], ["demo"], ["import-transactions", tx_file], ["settings", "--base", "USD"]):
        path = tmp_path / argv[0] / "new.sqlite3"
        assert run(capsys, "--db", str(path), *argv)[0] == 0, argv
        assert path.is_file()


def test_report_on_a_fresh_machine_says_how_to_start(capsys, tmp_path, monkeypatch):
    """No --db, no $PAPERWEALTH_DB, no user data folder yet: no crash, no
    folder created, and what to do next."""
    monkeypatch.delenv("PAPERWEALTH_DB")
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path / "data" / "PaperWealth")
    code, out, err = run(capsys, "report")
    assert code == 2 and out == ""
    assert "no ledger yet" in err and "paperwealth-cli init" in err and "paperwealth-cli demo" in err
    assert str(tmp_path / "data" / "PaperWealth" / "paperwealth.sqlite3") in err
    assert not (tmp_path / "data").exists()
    assert run(capsys, "init")[0] == 0 and (tmp_path / "data" / "PaperWealth" / "paperwealth.sqlite3").is_file()
    code, out, _ = run(capsys, "report")
    assert code == 0 and "No holdings yet" in out


def test_restore_into_a_folder_that_does_not_exist_says_so(capsys, db, tmp_path):
    assert run(capsys, "--db", db, "init")[0] == 0
    backup = tmp_path / "b.sqlite3"
    assert run(capsys, "--db", db, "backup", str(backup))[0] == 0
    target = tmp_path / "no" / "such" / "x.sqlite3"
    code, _, err = run(capsys, "--db", str(target), "restore", str(backup))
    assert code == 2 and "not restored" in err and "unexpected" not in err
    assert not (tmp_path / "no").exists()


def test_the_command_table_keeps_which_commands_only_read():
    """Each command is one entry of the table; whether it only reads the ledger
    (and so creates none where there is none) is a property of that entry."""
    import argparse

    from desktop_app.cli.table import COMMANDS

    reading = {name for name, entry in COMMANDS.items() if entry.reads is True}
    assert reading == {"report", "history", "deadlines", "export-transactions", "check", "backup",
                       "exercise-plan", "performance"}
    parser = cli.build_parser()
    assert COMMANDS["settings"].only_reads(parser.parse_args(["settings", "--json"]))
    assert not COMMANDS["settings"].only_reads(parser.parse_args(["settings", "--base", "HKD"]))
    assert [name for name, entry in COMMANDS.items() if not entry.opens_ledger] == [
        "encrypt", "decrypt", "change-password", "restore"]  # issue 17's work on the file itself
    assert [name for name, entry in COMMANDS.items() if entry.check_integrity] == ["check"]
    # 22 + exercise-plan and set-range (issue 15) + performance (issue 16) + encrypt, decrypt, change-password (17)
    assert len(COMMANDS) == 28 and isinstance(parser, argparse.ArgumentParser)


def test_a_holding_converted_away_with_no_rate_into_the_base_reports(tmp_path, capsys):
    """Found by the review of issue 12: a private holding wholly converted at its listing holds
    nothing and realized nothing; with no rate from its currency into the base, the report
    crashed (exit 1, TypeError) instead of showing it at zero."""
    db = str(tmp_path / "l.sqlite3")
    csv = tmp_path / "t.csv"
    csv.write_text("date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note\n"
                   "2025-01-05,buy,ZP,Zhipu pre-IPO,private,100,3,HKD,,,\n")
    assert run(capsys, "--db", db, "import-transactions", str(csv))[0] == 0
    assert run(capsys, "--db", db, "convert", "ZP", "2513.HK", "--date", "2025-08-01", "--ratio", "10",
               "--currency", "HKD", "--fx-rate", "1")[0] == 0
    code, out, err = run(capsys, "--db", db, "report", "--base", "EUR", "--json")
    assert code == 0, err
    by_symbol = {h["symbol"]: h for h in json.loads(out)["holdings"]}
    assert by_symbol["ZP"]["quantity"] == "0" and by_symbol["ZP"]["market_value_base"] == "0.00"
    assert by_symbol["2513.HK"]["market_value_base"] is None  # held, and no HKD->EUR rate: left out
    assert "2513.HK: no HKD->EUR exchange rate" in " ".join(json.loads(out)["warnings"])
