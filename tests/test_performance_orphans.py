"""A row whose instrument is gone (a ledger written with foreign keys off, by
an older build or another tool): the report, the value chart and
``history`` leave it out (they join ``instruments``), and so must the bulk
reads behind ``performance`` and the value chart, which read without the
join. ``market.close_points`` raised on such a quote: ``performance`` said
``unexpected error: KeyError`` (exit 1) and the window could not value the
ledger; ``storage.ledger_rows`` on such a transaction: "a stored transaction
cannot be read", naming nothing, where the report and the chart go on."""

import json
import sqlite3

from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.test_performance_cli import example, run  # noqa: F401 - the fixture

ORPHAN = 999  # no instrument has this id


def _damage(db: str, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(sql)
    conn.commit()
    conn.close()


def _performance(capsys, db: str) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "--db", db, "performance", "--json", "--benchmark", "^HSI")
    return code, json.loads(out) if code == 0 else {}, err


def test_a_quote_of_no_instrument_is_left_out_as_the_join_leaves_it(capsys, example):  # noqa: F811
    code, before, _ = _performance(capsys, example)
    assert code == 0
    _damage(example, f"INSERT INTO quotes (instrument_id, date, close, currency) VALUES ({ORPHAN}, '2024-01-02', "
                     "'5', 'HKD')")
    code, after, err = _performance(capsys, example)
    assert code == 0, err
    # The example, as before the orphan: 11/10 x 12.50/... = a TWR of 25% (test_performance_cli).
    assert after["twr"] == "0.250000"
    assert after == before
    with SqliteRepository(example) as repo:
        points = repo.market.close_points()
        closes = repo.market.all_closes()
    assert sorted(points) == sorted(closes) == ["0700.HK", "^HSI"]
    assert {s: [(p.date, p.close, p.currency) for p in ps] for s, ps in points.items()} == \
        {s: [(q.date, q.close, q.currency) for q in qs] for s, qs in closes.items()}


def test_a_transaction_of_no_instrument_is_left_out_as_the_join_leaves_it(capsys, example):  # noqa: F811
    code, before, _ = _performance(capsys, example)
    assert code == 0
    # A buy of 1000 at 1 with no instrument: counted, it would change money in (2100.00) and the TWR.
    _damage(example, "INSERT INTO transactions (instrument_id, date, type, quantity, price, currency, fees, "
                     f"fingerprint) VALUES ({ORPHAN}, '2024-01-02', 'buy', '1000', '1', 'HKD', '0', 'x')")
    code, after, err = _performance(capsys, example)
    assert code == 0, err
    assert (after["money_in_base"], after["twr"]) == ("2100.00", "0.250000")
    assert after == before
