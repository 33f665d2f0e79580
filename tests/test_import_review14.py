"""Issue 14's import under a hostile review: each test here failed before its fix."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.input.brokers import ibkr

FILES = Path(__file__).parent / "broker_files"


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "ledger.sqlite3")
    assert cli.main(["--db", path, "init"]) == 0
    return path


def run(capsys, db, *argv):
    capsys.readouterr()
    code = cli.main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_file_read_as_ibkr_that_is_no_flex_query_is_refused_not_imported_as_nothing(capsys, db, tmp_path):
    # Before: `--format ibkr` on a Ghostfolio CSV (or an XML with a DOCTYPE before its root, which
    # is not recognised as a Flex XML) printed "Imported 0 transactions." and exited 0.
    assert ibkr.read_csv("Date,Code,Action\n2025-01-02,AAPL,buy\n").errors[0].code == "ibkr_csv"
    ghost = tmp_path / "ghost.csv"
    ghost.write_text("Date,Code,Currency,Price,Quantity,Action,Fee\n2025-01-02,AAPL,USD,1,5,buy,0\n", encoding="utf-8")
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                    '<FlexQueryResponse><Trade symbol="&b;"/></FlexQueryResponse>\n', encoding="utf-8")
    before = digest(db)
    for path in (ghost, bomb):
        code, out, err = run(capsys, db, "import-transactions", str(path), "--format", "ibkr")
        assert code == 2 and "is not an IBKR Flex Query" in err and "Imported" not in out
    assert digest(db) == before
    # A Flex CSV with its header and no rows is a file with nothing to import, not a problem.
    header = (FILES / "import_ibkr_trades.csv").read_text(encoding="utf-8").splitlines()[0]
    assert ibkr.read_csv(header + "\n").errors == []
