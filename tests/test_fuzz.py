"""Hostile input: property-based fuzzing of CSV import and of the parsers
behind the dialogs. Every input gives a clear error or a correct import: never
a crash, a hang or a partial write.

CI runs a bounded number of examples (the "ci" profile); a longer run:
    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py
"""

import datetime as dt
import hashlib
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.input.csv_formats import TRANSACTION_COLUMNS, parse_prices, parse_transactions
from desktop_app.input.transaction_entry import check_entry
from desktop_app.input.grant_entry import GRANT_FIELDS, check_grant
from desktop_app.input.mark_entry import MARK_FIELDS, check_mark
from desktop_app.services.errors import ImportRejected, UnrecognisedFile
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY

settings.register_profile("ci", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

HEADER = ",".join(TRANSACTION_COLUMNS)
NASTY_CELLS = ["", " ", "NaN", "nan", "Infinity", "-inf", "1e9999", "1E5", "-0", "-0.00", "0", "１２３", "٣", "1,000",
               "9" * 40, "0." + "9" * 40, "2026-02-30", "2026-13-01", "99999-01-01", "HKX", "hkd",
               "=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "\t1", "-5", "buy", "sell", "split", "dividend", "listed",
               "private", "02513", "2513.HK",
               "\x00", "\ufeff", "a\nb", '"', "'", "𝟙𝟚𝟛", "null", "None"]

cell = st.one_of(st.sampled_from(NASTY_CELLS), st.text(max_size=30))


def csv_line(cells):
    def quote(value):
        if any(ch in value for ch in ',"\n\r'):
            return '"' + value.replace('"', '""') + '"'
        return value

    return ",".join(quote(c) for c in cells)


rows = st.lists(st.lists(cell, min_size=len(TRANSACTION_COLUMNS), max_size=len(TRANSACTION_COLUMNS)),
                max_size=6)


@pytest.fixture
def fresh(tmp_path_factory):
    def make():
        path = tmp_path_factory.mktemp("fuzz") / "f.sqlite3"
        return path, SqliteRepository(path, backups=False)

    return make


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _import_is_all_or_nothing(path, repo, data, format="paperwealth"):
    """Our CSV's reader by default (what these tests fuzz); ``format="auto"``:
    recognised by content first (issue 14), where a file of no known format
    is refused whole too."""
    service = Portfolio(repo, today=lambda: TODAY)
    before_rows = repo.transactions.count()
    repo.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything committed so far into the main file
    before = _digest(path)
    try:
        result = service.ledger.import_transactions(data, format=format)
    except (ImportRejected, UnrecognisedFile) as exc:
        assert str(exc) and (isinstance(exc, UnrecognisedFile) or (exc.errors and all(str(e) for e in exc.errors)))
        assert format == "auto" or isinstance(exc, ImportRejected)
        assert repo.transactions.count() == before_rows
        repo.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _digest(path) == before
        return None
    assert repo.transactions.count() == before_rows + result.imported
    return result


@given(rows)
def test_random_rows_import_whole_or_not_at_all(fresh, table):
    path, repo = fresh()
    with repo:
        data = ("\n".join([HEADER, *(csv_line(r) for r in table)]) + "\n").encode("utf-8")
        _import_is_all_or_nothing(path, repo, data)


@given(st.binary(max_size=2000))
def test_random_bytes(fresh, data):
    path, repo = fresh()
    with repo:
        _import_is_all_or_nothing(path, repo, data)
        _import_is_all_or_nothing(path, repo, data, format="auto")


@given(st.sampled_from([b"\xef\xbb\xbf", b""]), st.sampled_from([",", ";", "\t", "|"]), rows)
def test_boms_and_foreign_separators(fresh, bom, separator, table):
    path, repo = fresh()
    with repo:
        text = "\n".join([HEADER.replace(",", separator), *(separator.join(r) for r in table)])
        _import_is_all_or_nothing(path, repo, bom + text.encode("utf-8", "surrogatepass"))
        _import_is_all_or_nothing(path, repo, bom + text.encode("utf-8", "surrogatepass"), format="auto")


def test_ten_thousand_columns_is_a_clear_error(fresh):
    path, repo = fresh()
    with repo:
        data = (HEADER + "," + ",".join(f"c{i}" for i in range(10_000)) + "\n").encode()
        parsed = parse_transactions(data, today=TODAY)
        assert parsed.rows == [] and parsed.errors[0].code == "unknown_column"
        assert _import_is_all_or_nothing(path, repo, data) is None


def test_a_huge_field_is_refused_not_swallowed(fresh):
    path, repo = fresh()
    with repo:
        data = (HEADER + "\n" + "2026-01-01,buy,2513,\"" + "x" * 200_000 + "\",listed,1,1,HKD,,,\n").encode()
        assert _import_is_all_or_nothing(path, repo, data) is None


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e9999", "１２３", "٣", "-0", "1" * 16])
def test_hostile_numbers_are_named(value):
    parsed = parse_transactions(f"{HEADER}\n2026-01-01,buy,2513,,listed,{value},1,HKD,,,\n".encode(), today=TODAY)
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "quantity")]


@given(st.binary(max_size=500))
def test_prices_parser_never_crashes(data):
    parsed = parse_prices(data, today=TODAY)
    assert parsed.rows or parsed.errors or not data.strip()


texts = st.one_of(st.sampled_from(NASTY_CELLS), st.text(max_size=20))


@given(st.fixed_dictionaries({c: texts for c in TRANSACTION_COLUMNS}))
def test_entry_dialog_checks_never_crash(record):
    row, errors = check_entry(record, today=TODAY, instruments={}, history=[])
    assert (row is None) == bool(errors)
    assert all(e.column in TRANSACTION_COLUMNS or e.column == "" for e in errors)


@given(st.fixed_dictionaries({c: texts for c in MARK_FIELDS}))
def test_mark_dialog_checks_never_crash(record):
    mark, errors = check_mark(record, today=TODAY)
    assert (mark is None) == bool(errors)
    if mark is not None:
        assert mark.price > 0 and mark.price.is_finite()


@given(st.fixed_dictionaries({c: texts for c in GRANT_FIELDS}))
def test_grant_dialog_checks_never_crash(record):
    grant, errors = check_grant(record, today=TODAY)
    assert (grant is None) == bool(errors)
    if grant is not None:
        assert grant.cliff_months <= grant.vesting_months and grant.quantity > 0
        assert grant.granted <= TODAY and isinstance(grant.granted, dt.date)
