"""Issue 15 through ``desktop_app.cli.main``: tax settings, exercise-plan,
the report's tax totals and paper wealth as a range."""

import hashlib
import json
from pathlib import Path

import pytest

from desktop_app import cli
from tests.conftest import csv_bytes


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "p.sqlite3")
    tx = tmp_path / "tx.csv"
    tx.write_bytes(csv_bytes("2025-06-15,buy,MOONSHOT,Moonshot AI,private,1000,12.50,USD,0,SPV,"))
    assert cli.main(["--db", path, "import-transactions", str(tx)]) == 0
    capsys.readouterr()
    return path


def settings_json(capsys, db):
    code, out, err = run(capsys, "--db", db, "settings", "--json")
    assert code == 0, err
    return json.loads(out)


def test_tax_settings_stored_and_shown(capsys, db):
    doc = settings_json(capsys, db)
    assert (doc["tax_regime"], doc["tax_rate"], doc["tax_other_income"]) == ("none", None, "0.00")
    assert run(capsys, "--db", db, "settings", "--tax-regime", "FLAT", "--tax-rate", "22.5")[0] == 0
    doc = settings_json(capsys, db)
    assert (doc["tax_regime"], doc["tax_rate"]) == ("flat", "22.5")
    code, out, _ = run(capsys, "--db", db, "settings", "--tax-regime", "hk", "--tax-other-income", "300000")
    assert code == 0 and "tax_regime: hk" in out and "tax_other_income: 300000.00" in out
    # Back to flat: the stored rate is enough.
    assert run(capsys, "--db", db, "settings", "--tax-regime", "flat")[0] == 0


def test_bad_tax_settings_exit_2_naming_the_flag_and_write_nothing(capsys, db):
    before = digest(db)
    code, _, err = run(capsys, "--db", db, "settings", "--tax-regime", "bogus", "--tax-rate", "101",
                       "--tax-other-income", "-5")
    assert code == 2
    assert "--tax-regime: 'bogus' is not one of: prc, hk, flat, none" in err
    assert "--tax-rate: '101' is not a percentage from 0 to 100" in err
    assert "--tax-other-income: must not be negative" in err
    code, _, err = run(capsys, "--db", db, "settings", "--tax-regime", "flat")
    assert code == 2 and "--tax-rate: the flat regime needs a rate" in err
    # A bad base with a good regime: neither is stored.
    code, _, err = run(capsys, "--db", db, "settings", "--base", "XX", "--tax-regime", "prc")
    assert code == 2 and "--base" in err
    assert digest(db) == before
    assert settings_json(capsys, db)["tax_regime"] == "none"
