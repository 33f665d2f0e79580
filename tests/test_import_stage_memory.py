"""The import stage's rows kept in memory (storage/import_stage.py) against
the rows read back from its table: the same days, the same transactions in
the same order with the same refs, whatever mix of stored and staged rows on
whatever dates; and the fingerprints staged are Transaction.fingerprint's."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.positions import LedgerInconsistent
from desktop_app.core.models import STORED_FINGERPRINT, AssetClass, Instrument, Transaction, TxType
from desktop_app.services import holdings_cache
from desktop_app.services import transactions as transactions_module
from desktop_app.services.errors import ImportRejected
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage import import_stage
from desktop_app.storage.sqlite_repository import SqliteRepository, StoredRef
from tests.conftest import TODAY

SYMBOLS = ["AAA", "BBB", "CCC"]
HEADER = "date,type,symbol,name,asset_class,quantity,price,currency,fees,account,note"
DAY0 = dt.date(2024, 1, 1)
NUMBERS = ["1", "2.50", "100", "100.00", "0", "0.000", "-0.00", "7.125", "1E+2", "12345678901.5"]

transaction = st.builds(
    lambda day, kind, symbol, q, p, f, note: Transaction(DAY0 + dt.timedelta(days=day), kind, symbol, Decimal(q),
                                                         Decimal(p), "USD", Decimal(f), "", note),
    st.integers(0, 6), st.sampled_from(list(TxType)), st.sampled_from(SYMBOLS), st.sampled_from(NUMBERS),
    st.sampled_from(NUMBERS), st.sampled_from(NUMBERS), st.sampled_from(["", "a", "b|c"]))


def days_of(stage, group):
    return [(day, [(t, type(t.ref), int(t.ref), str(t.quantity), str(t.price), str(t.fees)) for t in batch])
            for day, batch in stage.days(group, StoredRef)]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stored=st.lists(transaction, max_size=10), staged=st.lists(transaction, max_size=25),
       group=st.sets(st.sampled_from(SYMBOLS), min_size=1), batch=st.integers(1, 7))
def test_kept_rows_give_the_days_the_table_gives(tmp_path_factory, stored, staged, group, batch):
    repo = SqliteRepository(tmp_path_factory.mktemp("stage") / "t.sqlite3", backups=False)
    try:
        with repo.write():
            repo.instruments.add([Instrument(s, AssetClass.LISTED, "USD") for s in SYMBOLS])
            repo.transactions.add(stored)
            stage = repo.transactions.import_stage()
            lines = [Transaction(t.date, t.type, t.symbol, t.quantity, t.price, t.currency, t.fees, t.account,
                                 t.note, ref=line) for line, t in enumerate(staged, start=2)]
            for at in range(0, len(lines), batch):
                stage.add(lines[at:at + batch])
            assert stage.kept is not None
            kept = days_of(stage, group)
            symbols = stage.symbols()
            stage.kept = None  # what an import of more than KEEP_ROWS rows reads: the table
            assert kept == days_of(stage, group)
            assert symbols == stage.symbols()
            assert sorted(kept, key=lambda d: d[0]) == kept and len({d for d, _ in kept}) == len(kept)
            stage.drop()
    finally:
        repo.close()


def test_more_rows_than_kept_are_read_from_the_table(repo, monkeypatch):
    monkeypatch.setattr(import_stage, "KEEP_ROWS", 3)
    with repo.write():
        repo.instruments.add([Instrument("AAA", AssetClass.LISTED, "USD")])
        stage = repo.transactions.import_stage()
        rows = [Transaction(DAY0 + dt.timedelta(days=i % 2), TxType.BUY, "AAA", Decimal(1), Decimal(2), "USD",
                            ref=i + 2) for i in range(5)]
        stage.add(rows[:3])
        assert stage.kept is not None
        stage.add(rows[3:])
        assert stage.kept is None
        assert [[int(t.ref) for t in batch] for _, batch in stage.days({"AAA"}, StoredRef)] == [[2, 4, 6], [3, 5]]
        stage.drop()


@settings(max_examples=50, deadline=None)
@given(st.lists(transaction, min_size=1, max_size=30))
def test_staged_rows_hold_the_unused_fingerprint(transactions):
    days, canon = import_stage._Texts(dt.date.isoformat), import_stage._Texts(import_stage._canon)
    staged = import_stage._staged_rows([dataclasses.replace(t, ref=line) for line, t in enumerate(transactions, 2)],
                                       days, canon, {})
    assert {row[import_stage._FINGERPRINT] for row in staged} == {STORED_FINGERPRINT}


PLAIN = ["1", "2.50", "100", "100.00", "7.125"]
accepted = st.builds(  # rows an import takes: buys of plain numbers
    lambda day, symbol, q, p, f, note: Transaction(DAY0 + dt.timedelta(days=day), TxType.BUY, symbol, Decimal(q),
                                                   Decimal(p), "USD", Decimal(f), "", note),
    st.integers(0, 6), st.sampled_from(SYMBOLS), st.sampled_from(PLAIN), st.sampled_from(PLAIN),
    st.sampled_from(["0", *PLAIN]), st.sampled_from(["", "a", "b|c"]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stored=st.one_of(st.just([]), st.lists(st.one_of(accepted, transaction), max_size=6)),
       rows=st.one_of(st.lists(accepted, min_size=1, max_size=15), st.lists(transaction, min_size=1, max_size=15)),
       doubled=st.integers(0, 3), allow=st.booleans())
def test_an_import_writes_the_ledger_the_table_would(tmp_path_factory, stored, rows, doubled, allow):
    """An import checked from the kept rows writes the very ledger, and
    gives the same refusals, as one read back through the table alone
    (KEEP_ROWS 0), with and without duplicates of stored rows."""
    rows = [*rows, *stored[:doubled]]  # some rows already stored: duplicates
    text = "\n".join([HEADER, *(",".join((t.date.isoformat(), t.type.value, t.symbol, "", "listed",
                                           str(t.quantity), str(t.price), "USD", str(t.fees), "", t.note))
                                 for t in rows)]) + "\n"
    outcomes = []
    for keep in (import_stage.KEEP_ROWS, 0):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(import_stage, "KEEP_ROWS", keep)
            patch.setattr(holdings_cache, "CHECKPOINT_EVERY", 2)  # checkpoints to compare, even in short histories
            repo = SqliteRepository(tmp_path_factory.mktemp("keep") / "k.sqlite3", backups=False)
            try:
                with repo.write():
                    repo.instruments.add([Instrument(s, AssetClass.LISTED, "USD") for s in SYMBOLS])
                    repo.transactions.add(stored)
                service = Portfolio(repo, today=lambda: TODAY)
                try:
                    outcome = ("imported", service.ledger.import_transactions(text.encode(),
                                                                             allow_duplicates=allow).imported)
                except ImportRejected as exc:
                    outcome = ("refused", [str(e) for e in exc.errors])
                except LedgerInconsistent as exc:  # a stored history that already breaks a rule
                    outcome = ("inconsistent", str(exc))
                # The holdings cache too: an import that kept its rows hands the rows of holdings new
                # to the ledger to the rebuild (import_check.fresh_rows), one that did not reads them back.
                dump = [repo.conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
                        for table, order in (("transactions", "id"), ("holding_cache", "instrument_id, cost_method"),
                                             ("holding_checkpoint", "instrument_id, cost_method, day"))]
                outcomes.append((outcome, dump))
            finally:
                repo.close()
    assert outcomes[0] == outcomes[1]


def test_rows_handed_to_the_rebuild_are_in_booking_order_not_file_order(tmp_path_factory):
    """Within a day the file may list a sale before the buy it depends on, and
    a dividend after a buy: the rows handed to the rebuild must be in booking
    order (dividends, buys and splits, sales), as the rows read back are, or
    FIFO takes the sale out of the wrong lot. The cache written equals the
    read-back path's, and a holding already in the ledger is read back."""
    day0, day1 = (TODAY - dt.timedelta(days=9)).isoformat(), (TODAY - dt.timedelta(days=3)).isoformat()
    lines = [HEADER,
             f"{day0},buy,AAA,,listed,10,5,USD,1,,",
             f"{day1},sell,AAA,,listed,15,9,USD,1,,",  # needs the buy below, same day
             f"{day1},dividend,AAA,,listed,10,0.5,USD,0,,",
             f"{day1},buy,AAA,,listed,10,7,USD,1,,",
             f"{day1},buy,BBB,,listed,3,2,USD,0,,"]
    text = ("\n".join(lines) + "\n").encode()
    stored = [Transaction(TODAY - dt.timedelta(days=20), TxType.BUY, "BBB", Decimal(2), Decimal(1), "USD")]
    dumps, handed = [], []
    for keep in (import_stage.KEEP_ROWS, 0):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(import_stage, "KEEP_ROWS", keep)
            inner = holdings_cache.rebuild

            def spy(*args, rows=None, **kwargs):
                asked = {}
                wrapped = None if rows is None else (lambda symbols: asked.setdefault(frozenset(symbols),
                                                                                      rows(symbols)))
                inner(*args, rows=wrapped, **kwargs)
                handed.append(asked)

            patch.setattr(transactions_module, "rebuild", spy)
            repo = SqliteRepository(tmp_path_factory.mktemp("order") / "o.sqlite3", backups=False)
            try:
                with repo.write():
                    repo.instruments.add([Instrument(s, AssetClass.LISTED, "USD") for s in SYMBOLS])
                    repo.transactions.add(stored)
                Portfolio(repo, today=lambda: TODAY).ledger.import_transactions(text)
                dumps.append([repo.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                              for t in ("holding_cache", "holding_checkpoint")])
            finally:
                repo.close()
    assert dumps[0] == dumps[1]
    kept_path, table_path = handed
    assert table_path == {}  # nothing kept: nothing handed over
    (given,) = kept_path.values()  # one chunk: AAA, new to the ledger, from the kept rows; BBB read back
    assert [(r.symbol, r.type) for r in given] == [("AAA", TxType.BUY), ("AAA", TxType.DIVIDEND),
                                                    ("AAA", TxType.BUY), ("AAA", TxType.SELL),
                                                    ("BBB", TxType.BUY), ("BBB", TxType.BUY)]
    assert [r.quantity for r in given if r.symbol == "BBB"] == [2, 3]
