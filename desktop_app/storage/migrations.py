"""Ordered schema migrations, versioned with ``PRAGMA user_version``.

user_version lives in the file header and changes inside the migration's own
transaction, so a migration either lands whole (schema and version) or not at
all; reading it costs one pragma, which keeps a read-only ``report`` from
importing sqlite-utils (and, through it, pandas) just to learn nothing changed.

Every money and quantity column is TEXT in a STRICT table: sqlite-utils would
turn a Decimal into a REAL, so values are written as ``str(Decimal)``.
Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# "PWDB": marks a file as ours, so a foreign SQLite file is recognised and left alone.
APPLICATION_ID = 0x50574442


def _v1_ledger(db: Database) -> None:
    for statement in (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE instruments (
            id INTEGER PRIMARY KEY,
            symbol TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL DEFAULT '',
            asset_class TEXT NOT NULL CHECK (asset_class IN ('listed', 'private')),
            exchange TEXT,
            currency TEXT NOT NULL CHECK (length(currency) = 3)
        ) STRICT""",
        """CREATE TABLE transactions (
            id INTEGER PRIMARY KEY,
            instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            date TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('buy', 'sell', 'split', 'dividend')),
            quantity TEXT NOT NULL,
            price TEXT NOT NULL,
            currency TEXT NOT NULL,
            fees TEXT NOT NULL DEFAULT '0',
            account TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX transactions_by_date ON transactions(date, id)",
        "CREATE INDEX transactions_by_instrument ON transactions(instrument_id, date)",
        "CREATE INDEX transactions_by_fingerprint ON transactions(fingerprint)",
        """CREATE TABLE quotes (
            instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            date TEXT NOT NULL,
            close TEXT NOT NULL,
            currency TEXT NOT NULL,
            PRIMARY KEY (instrument_id, date)
        ) STRICT""",
        """CREATE TABLE marks (
            id INTEGER PRIMARY KEY,
            instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            date TEXT NOT NULL,
            price TEXT NOT NULL,
            currency TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('round', 'secondary', 'bid', 'ask', 'tender',
                'fund_nav', 'fair_value', 'estimate', 'manual')),
            note TEXT NOT NULL DEFAULT ''
        ) STRICT""",
        "CREATE INDEX marks_by_instrument ON marks(instrument_id, date)",
        """CREATE TABLE fx_rates (
            base TEXT NOT NULL,
            quote TEXT NOT NULL,
            date TEXT NOT NULL,
            rate TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'manual',
            PRIMARY KEY (base, quote, date)
        ) STRICT""",
    ):
        db.execute(statement)


def _v2_settings(db: Database) -> None:
    db.execute(
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT"""
    )


def _v3_market_data(db: Database) -> None:
    for statement in (
        # The latest price Yahoo reports (regularMarketPrice), kept apart from
        # daily closes so that a price during trading never poses as a close.
        """CREATE TABLE latest_prices (
            instrument_id INTEGER PRIMARY KEY REFERENCES instruments(id),
            price TEXT NOT NULL,
            currency TEXT NOT NULL,
            market_time TEXT NOT NULL,
            market_date TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        ) STRICT""",
        """CREATE TABLE refreshes (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            symbols INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            offline INTEGER NOT NULL,
            summary TEXT NOT NULL DEFAULT ''
        ) STRICT""",
        "CREATE INDEX fx_rates_by_source ON fx_rates(base, quote, source, date)",
    ):
        db.execute(statement)


def _v4_private_grants_lockups(db: Database) -> None:
    for statement in (
        "ALTER TABLE marks ADD COLUMN share_class TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE marks ADD COLUMN valuation TEXT",
        "ALTER TABLE marks ADD COLUMN fully_diluted_shares TEXT",
        "ALTER TABLE instruments ADD COLUMN discount_pct TEXT",
        "ALTER TABLE instruments ADD COLUMN stale_days INTEGER",
        """CREATE TABLE lockups (
            id INTEGER PRIMARY KEY,
            instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            until TEXT NOT NULL,
            quantity TEXT,
            reason TEXT NOT NULL DEFAULT ''
        ) STRICT""",
        """CREATE TABLE grants (
            id TEXT PRIMARY KEY,
            instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            type TEXT NOT NULL CHECK (type IN ('option', 'rsu')),
            granted TEXT NOT NULL,
            quantity TEXT NOT NULL,
            strike TEXT NOT NULL DEFAULT '0',
            currency TEXT NOT NULL,
            vesting_start TEXT NOT NULL,
            cliff_months INTEGER NOT NULL,
            vesting_months INTEGER NOT NULL,
            frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annually')),
            expires TEXT,
            terminated TEXT,
            exercise_window_days INTEGER NOT NULL DEFAULT 90
        ) STRICT""",
        """CREATE TABLE exercises (
            id INTEGER PRIMARY KEY,
            grant_id TEXT NOT NULL REFERENCES grants(id),
            date TEXT NOT NULL,
            quantity TEXT NOT NULL,
            cost TEXT NOT NULL,
            transaction_id INTEGER REFERENCES transactions(id)
        ) STRICT""",
        """CREATE TABLE conversions (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            from_instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            to_instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            ratio TEXT NOT NULL,
            fx_rate TEXT NOT NULL DEFAULT '1'
        ) STRICT""",
        # Derived data, rebuilt by every write to the ledger: each symbol's booked
        # position and daily cash flows as of its last event, so that a report as
        # of a later date needs no replay of the whole history.
        """CREATE TABLE holding_cache (
            instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            cost_method TEXT NOT NULL,
            last_event TEXT NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (instrument_id, cost_method)
        ) STRICT""",
    ):
        db.execute(statement)


def _v5_fetch_state(db: Database) -> None:
    # The earliest day each Yahoo symbol (a stock or an FX pair) has been asked
    # for: a refresh backfills history before it, once, and never again.
    db.execute(
        """CREATE TABLE fetch_state (
            yahoo_symbol TEXT PRIMARY KEY,
            history_from TEXT NOT NULL
        ) STRICT"""
    )


def _v6_lot_lockups(db: Database) -> None:
    # A lock-up on specific lots: those acquired on lot_date.
    db.execute("ALTER TABLE lockups ADD COLUMN lot_date TEXT")


def _v7_lockup_start(db: Database) -> None:
    # The first locked day (NULL: a lock-up from before, locked since ever).
    db.execute("ALTER TABLE lockups ADD COLUMN start TEXT")


def _v8_holding_checkpoints(db: Database) -> None:
    # Derived data, written with holding_cache by every rebuild: a holding's
    # booked state (lots, cost, gains, money paid in and out) at the end of a
    # day every so many events, so that a report as of a past date books only
    # what followed the latest one. A ledger migrated here has none until its
    # holdings are next rebuilt; a report then books them from the start.
    db.execute(
        """CREATE TABLE holding_checkpoint (
            instrument_id INTEGER NOT NULL REFERENCES instruments(id),
            cost_method TEXT NOT NULL,
            day TEXT NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (instrument_id, cost_method, day)
        ) STRICT, WITHOUT ROWID"""
    )


def _v9_source_keys(db: Database) -> None:
    # Where each transaction came from (issue 14): a broker's own id
    # ("ibkr:123") or "row:" + a digest of the row and its occurrence, so that
    # importing a file again, or a newer export that overlaps it, adds only
    # the new rows. Rows stored before get the digest key an import of them
    # would give (occurrence counted in id order among identical rows): a
    # file imported before this version is recognised when imported again.
    from collections import Counter

    from desktop_app.input.brokers.common import digest_key, row_digest

    columns = {row[1] for row in db.execute("PRAGMA table_info(transactions)").fetchall()}
    if "source_key" in columns:  # keys given already (a file whose version was set back): keep them
        db.execute("CREATE INDEX IF NOT EXISTS transactions_by_source_key ON transactions(source_key)")
        db.execute("DROP INDEX IF EXISTS transactions_by_fingerprint")
        return
    db.execute("ALTER TABLE transactions ADD COLUMN source_key TEXT")
    seen: Counter[str] = Counter()
    keys = []
    names = ("date", "type", "symbol", "quantity", "price", "currency", "fees", "account")
    for tx_id, *values in db.execute(
            "SELECT t.id, t.date, t.type, i.symbol, t.quantity, t.price, t.currency, t.fees, t.account "
            "FROM transactions t JOIN instruments i ON i.id = t.instrument_id ORDER BY t.id").fetchall():
        digest = row_digest(dict(zip(names, values, strict=True)))
        seen[digest] += 1
        keys.append((digest_key(digest, seen[digest]), tx_id))
    db.conn.executemany("UPDATE transactions SET source_key = ? WHERE id = ?", keys)
    db.execute("CREATE INDEX transactions_by_source_key ON transactions(source_key)")
    # The fingerprint's index served only the refusal of a file imported
    # twice, which the source keys replace; the column stays (the ledger's
    # digest reads it), its index no longer costs every write.
    db.execute("DROP INDEX IF EXISTS transactions_by_fingerprint")


def _v10_performance_results(db: Database) -> None:
    # Kept ``performance`` results (issue 16), emptied by triggers on every
    # table the figures depend on: storage/performance_results.py.
    from desktop_app.storage.performance_results import install

    install(db.conn)


def _restated_grants(db: Database) -> None:
    # Which conversion restated a grant (moved it from the private holding onto
    # the listing): NULL for a grant that was never restated. Before, a grant on
    # a listing dated before the only conversion into it was taken as restated,
    # so one on the listing all along (a ``convert --merge``) lost its cost.
    # Grants stored before get that same rule, so an old ledger reports as it did.
    from desktop_app.storage.rows import stored_date

    columns = {row[1] for row in db.execute("PRAGMA table_info(grants)").fetchall()}
    if "restated_by" in columns:  # recorded already (a file whose version was set back): keep it
        return
    db.execute("ALTER TABLE grants ADD COLUMN restated_by INTEGER REFERENCES conversions(id)")
    # A damaged date refuses the migration (StoredValueError, naming the row;
    # nothing written, the file stays as it was): the rule cannot be applied to
    # it, and a grant recorded as not restated would stay so once the date is
    # repaired, reporting other figures than the rule gives. The report could
    # not read such a ledger before either.
    # (A date no grant's rule needs is left to the report to name.)
    into: dict[int, list[tuple[int, str]]] = {}
    for conversion_id, to_id, day in db.execute("SELECT id, to_instrument_id, date FROM conversions").fetchall():
        into.setdefault(to_id, []).append((conversion_id, day))
    restated = []
    for grant_id, instrument_id, granted in db.execute("SELECT id, instrument_id, granted FROM grants").fetchall():
        if instrument_id not in into:
            continue
        day = stored_date(granted, f"grants row id {grant_id}")
        after = [c for c, converted in into[instrument_id] if stored_date(converted, f"conversions row id {c}") > day]
        if len(after) == 1:
            restated.append((after[0], grant_id))
    db.conn.executemany("UPDATE grants SET restated_by = ? WHERE id = ?", restated)


def _performance_state(db: Database) -> None:
    # The measure's kept state (issue 16: the first ``performance`` after a
    # write goes on from a kept day), forgotten by triggers that know the
    # earliest day a write touches: storage/performance_state.py.
    from desktop_app.storage.performance_state import install

    install(db.conn)


def _performance_state_read_columns(db: Database) -> None:
    # latest_prices' triggers forget the state only when a column the measure
    # reads changes (a refresh writes an unchanged latest price again).
    from desktop_app.storage.performance_state import reinstall

    reinstall(db.conn, "latest_prices")


def _first_paint(db: Database) -> None:
    # The window's first page kept (issue 13's start-up) as a row of
    # performance_results: triggers on the tables it reads that those results
    # do not depend on forget it too: storage/first_paint.py.
    from desktop_app.storage.first_paint import install

    install(db.conn)


def _holding_cache_forget(db: Database) -> None:
    # The holdings cache forgotten on a write of a transaction
    # from outside the app (a raw sqlite3 connection): storage/holding_cache_forget.py.
    from desktop_app.storage.holding_cache_forget import install

    install(db.conn)


def _performance_state_dirty(db: Database) -> None:
    # A write on or before the kept day records its holding instead of
    # forgetting the whole state (issue 16): storage/performance_state.py.
    from desktop_app.storage.performance_state import BY_HOLDING, reinstall

    for table in BY_HOLDING:
        reinstall(db.conn, table)


def _performance_state_dirty_rates(db: Database) -> None:
    # A rate written on or before the kept day records its two currencies
    # (issue 16); the other recording triggers clear that record too when a
    # date is not an ISO day: storage/performance_state.py.
    from desktop_app.storage.performance_state import RECORDING, reinstall

    for table in RECORDING:
        reinstall(db.conn, table)


def _performance_state_settings(db: Database) -> None:
    # A write of settings no longer forgets the kept state (issue 16, session
    # 21): the settings it is computed under are in its key
    # (storage/performance_state.py, NOT_DEPENDED_ON). The triggers the
    # migration performance_state put on the table go.
    for op in ("insert", "update", "delete"):
        db.conn.execute(f'DROP TRIGGER IF EXISTS "performance_state_settings_{op}"')


def _performance_memo(db: Database) -> None:
    # Each holding's figures kept by digest between runs that go on from the
    # kept state (issue 16, session 21): storage/performance_memo.py.
    from desktop_app.storage.performance_memo import CREATE_TABLE

    db.conn.execute(CREATE_TABLE)


MIGRATIONS: tuple[tuple[str, Callable[[Database], None]], ...] = (
    ("ledger", _v1_ledger),
    ("settings", _v2_settings),
    ("market_data", _v3_market_data),
    ("private_grants_lockups", _v4_private_grants_lockups),
    ("fetch_state", _v5_fetch_state),
    ("lot_lockups", _v6_lot_lockups),
    ("lockup_start", _v7_lockup_start),
    ("holding_checkpoints", _v8_holding_checkpoints),
    ("source_keys", _v9_source_keys),
    ("performance_results", _v10_performance_results),
    ("restated_grants", _restated_grants),
    ("performance_state", _performance_state),
    ("performance_state_read_columns", _performance_state_read_columns),
    ("first_paint", _first_paint),
    ("holding_cache_forget", _holding_cache_forget),
    ("performance_state_dirty", _performance_state_dirty),
    ("performance_state_dirty_rates", _performance_state_dirty_rates),
    ("performance_state_settings", _performance_state_settings),
    ("performance_memo", _performance_memo),
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: Database, *, current: int, target: int = SCHEMA_VERSION) -> None:
    """Apply migrations ``current+1 .. target``, all in one transaction: one
    that fails leaves the file as it was (its version too), which the version
    that made it still opens, rather than at a version between the two."""
    with db.atomic():
        for version in range(current + 1, target + 1):
            _, step = MIGRATIONS[version - 1]
            step(db)
            db.execute(f"PRAGMA user_version = {version}")


# The tables each schema version has (what a restore checks a file for).
_TABLES_BY_VERSION = {
    1: {"instruments", "transactions", "quotes", "marks", "fx_rates"},
    2: {"settings"},
    3: {"latest_prices", "refreshes"},
    4: {"lockups", "grants", "exercises", "conversions", "holding_cache"},
    5: {"fetch_state"},
    6: set(),
    7: set(),
    8: {"holding_checkpoint"},
    10: {"performance_results"},
    12: {"performance_state"},
    16: {"performance_state_dirty"},
    17: {"performance_state_dirty_rates"},
}
REQUIRED_TABLES = frozenset().union(*_TABLES_BY_VERSION.values())


def tables_for(version: int) -> set[str]:
    return set().union(*(tables for v, tables in _TABLES_BY_VERSION.items() if v <= version))
