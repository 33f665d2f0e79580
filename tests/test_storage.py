import datetime as dt
import hashlib
import os
import sqlite3
import stat
from decimal import Decimal as D

import pytest

from desktop_app.core.models import AssetClass, Instrument, Transaction, TxType
from desktop_app.core.numbers import StoredValueError
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage import migrations
from desktop_app.storage.sqlite_repository import NewerSchema, NotOurDatabase, SqliteRepository
from tests.conftest import TODAY, csv_bytes


def test_new_file_is_created_migrated_private_and_in_wal(db_path):
    with SqliteRepository(db_path) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        assert repo.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert repo.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    if os.name == "posix":
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_decimals_round_trip_exactly_as_text(repo):
    with repo.write():
        repo.instruments.add([Instrument("2513.HK", AssetClass.LISTED, "HKD", "Zhipu", "HKEX")])
        repo.transactions.add(
            [
                Transaction(
                    dt.date(2026, 1, 8),
                    TxType.BUY,
                    "2513.HK",
                    D("123456789.1234567891"),
                    D("116.20"),
                    "HKD",
                    D("0.10"),
                    "a",
                    "n",
                )
            ]
        )
    (t,) = repo.transactions.all()
    assert (t.quantity, str(t.price), str(t.fees)) == (D("123456789.1234567891"), "116.20", "0.10")
    raw = repo.conn.execute("SELECT quantity, typeof(quantity) FROM transactions").fetchone()
    assert raw == ("123456789.1234567891", "text")


def _one_transaction(service):
    service.ledger.import_transactions(csv_bytes("2026-01-08,buy,2513,,listed,100,116.20,HKD,,,"))


@pytest.mark.parametrize("bad", ["abc", "NaN", "", "Infinity"])
def test_a_stored_value_that_does_not_parse_is_an_error_never_zero(service, repo, bad):
    _one_transaction(service)
    with repo.write():
        repo.db.execute("UPDATE transactions SET price = ?", (bad,))
    with pytest.raises(StoredValueError, match=r"transactions row id 1, column price"):
        repo.transactions.all()
    with pytest.raises(StoredValueError):
        service.ledger.export_transactions()
    with repo.write():
        repo.holding_cache.drop()  # a report that has to replay the ledger meets the damage too
    with pytest.raises(StoredValueError):
        service.reports.report()


def test_a_bad_stored_close_is_an_error(service, repo):
    _one_transaction(service)
    service.ledger.import_prices(b"date,symbol,close,currency\n2026-11-27,2513.HK,10,HKD\n")
    with repo.write():
        repo.db.execute("UPDATE quotes SET close = 'x'")
    with pytest.raises(StoredValueError, match="quotes of 2513.HK"):
        service.reports.report()


def test_foreign_keys_are_enforced(repo):
    with pytest.raises(sqlite3.IntegrityError):
        with repo.write():
            repo.db.execute(
                "INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, "
                "fingerprint) VALUES (99, '2026-01-01', 'buy', '1', '1', 'HKD', 'x')"
            )
    assert repo.transactions.count() == 0


def test_a_failed_write_rolls_back_everything(service, repo):
    _one_transaction(service)
    with pytest.raises(RuntimeError):
        with repo.write():
            repo.instruments.add([Instrument("AAPL", AssetClass.LISTED, "USD")])
            raise RuntimeError("crash in the middle")
    assert "AAPL" not in repo.instruments.all()


def _build_at(path, version):
    """A database as an older release left it: migrations 1..version only."""
    import sqlite_utils

    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    migrations.migrate(db, current=0, target=version)
    conn.close()


@pytest.mark.parametrize("version", range(0, migrations.SCHEMA_VERSION + 1))
def test_migrates_from_every_earlier_version_keeping_data(tmp_path, version):
    path = tmp_path / f"v{version}.sqlite3"
    _build_at(path, version)
    if version >= 1:
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO instruments (symbol, asset_class, currency) VALUES ('2513.HK', 'listed', 'HKD')")
        conn.execute(
            "INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fingerprint) "
            "VALUES (1, '2026-01-08', 'buy', '100', '116.20', 'HKD', 'fp')"
        )
        conn.commit()
        conn.close()
    with SqliteRepository(path) as repo:
        assert repo.schema_version == migrations.SCHEMA_VERSION
        tables = {r[0] for r in repo.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"instruments", "transactions", "quotes", "marks", "fx_rates", "settings"} <= tables
        assert repo.transactions.count() == (1 if version >= 1 else 0)
        Portfolio(repo, today=lambda: TODAY).reports.report()


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    _build_at(path, migrations.SCHEMA_VERSION)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerSchema, match="newer Paper Wealth"):
        SqliteRepository(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_foreign_sqlite_file_or_junk_is_refused_and_left_untouched(tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database at all" * 100)
    for path in (other, junk):
        before = path.read_bytes()
        with pytest.raises(NotOurDatabase):
            SqliteRepository(path)
        assert path.read_bytes() == before


def test_a_damaged_cache_row_is_ignored_and_the_ledger_replayed(service, repo):
    _one_transaction(service)
    expected = service.reports.report()
    with repo.write():
        repo.db.execute("UPDATE holding_cache SET state = '{\"q\": \"NaN\"'")
    assert repo.holding_cache.read("fifo") == {}
    assert service.reports.report() == expected


def test_a_cache_row_from_before_realized_by_day_is_replayed(service, repo):
    """Rows written before the cache kept realized gains by day cannot give
    their base-currency value; the holding is booked from its transactions."""
    import json

    _one_transaction(service)
    expected = service.reports.report()
    (state,) = repo.db.execute("SELECT state FROM holding_cache WHERE cost_method = 'fifo'").fetchone()
    old = json.loads(state)
    del old["r"]
    with repo.write():
        repo.db.execute("UPDATE holding_cache SET state = ?", (json.dumps(old),))
    assert repo.holding_cache.read("fifo") == {}
    assert service.reports.report() == expected


def test_every_ledger_write_keeps_the_cache_in_step(service, repo):
    from desktop_app.core.models import CostMethod
    from desktop_app.services.holdings_cache import positions_as_of

    service.ledger.import_transactions(csv_bytes("2026-01-08,buy,2513,,listed,100,10,HKD,,,",
                                                 "2026-01-09,sell,2513,,listed,40,12,HKD,,,"))
    tx_id = service.ledger.add_transaction({"date": "2026-01-10", "type": "buy", "symbol": "2513",
                                            "asset_class": "listed", "quantity": "5", "price": "11",
                                            "currency": "HKD"})
    for method in CostMethod:
        cached = repo.holding_cache.read(method.value)["2513.HK"][1]
        replayed = service.reports.report(cost_method=method, transactions=repo.transactions.all()).holdings[0].position
        assert (cached.quantity, cached.cost_basis, cached.realized_gain, cached.realized_by_day) == (
            replayed.quantity, replayed.cost_basis, replayed.realized_gain, replayed.realized_by_day)
        assert cached.realized_by_day and cached.realized_by_day[0][0] == dt.date(2026, 1, 9)
    service.ledger.delete_transaction(tx_id)
    assert repo.holding_cache.read("fifo")["2513.HK"][1].quantity == 60
    positions, _ = positions_as_of(repo, TODAY, CostMethod.FIFO)
    assert positions["2513.HK"].quantity == 60
