"""The inverse a refused exchange rate is offered with (fix16, item 4): only
when the rate entered the other way round lands next to the stored one.
Before, any inverse within 10x was offered: 0.78 typed for USD->HKD 7.8 (a
digit dropped) was answered "did you mean 1.28205?", 6.1x off."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from desktop_app import cli
from desktop_app.core.fx_checks import rate_problem
from desktop_app.core.models import FxRate

DAY = dt.date(2026, 11, 1)
STORED = [FxRate("USD", "HKD", dt.date(2025, 1, 2), D("7.8"))]


@pytest.mark.parametrize(("typed", "offered"), [
    ("0.128", True),   # 1 / 0.128 = 7.8125; 7.8125 / 7.8 = 1.0016: entered backwards
    ("0.25", True),    # refused (7.8 / 0.25 = 31.2x); 1 / 0.25 = 4, 7.8 / 4 = 1.95 < 2
    ("0.26", False),   # refused (30x); 1 / 0.26 = 3.846, 7.8 / 3.846 = 2.028: not within 2x
    ("0.78", False),   # refused (exactly 10x); 1 / 0.78 = 1.282, 7.8 / 1.282 = 6.08: a dropped digit, not backwards
    ("0.02", False),   # refused (390x); 1 / 0.02 = 50, 50 / 7.8 = 6.4
    ("78", False),     # refused (10x); 1 / 78 = 0.0128, 609x off
])
def test_the_inverse_is_offered_only_when_it_lands_next_to_the_stored_rate(typed, offered):
    problem = rate_problem("USD", "HKD", D(typed), DAY, STORED)
    assert problem is not None and problem.reference == STORED[0]
    assert problem.inverse_fits is offered


def test_against_the_inverse_pairs_stored_rate():
    """Stored HKD->USD 0.128, so USD->HKD is expected at 1 / 0.128 = 7.8125.
    0.128 typed for USD->HKD: inverse 7.8125, offered. 0.78: 7.8125 / 0.78 =
    10.02x, refused; its inverse 1.282 is 7.8125 / 1.282 = 6.09x off: not offered."""
    stored = [FxRate("HKD", "USD", dt.date(2025, 1, 2), D("0.128"))]
    assert rate_problem("USD", "HKD", D("0.128"), DAY, stored).inverse_fits is True
    problem = rate_problem("USD", "HKD", D("0.78"), DAY, stored)
    assert problem is not None and problem.inverse_fits is False


def test_set_fx_suggests_the_swapped_pair_only_when_it_is_right(tmp_path, capsys):
    db = str(tmp_path / "fx.sqlite3")
    assert cli.main(["--db", db, "set-fx", "USD", "HKD", "7.8", "--date", "2025-01-02"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "set-fx", "USD", "HKD", "0.78", "--date", "2026-11-01"]) == 2
    err = capsys.readouterr().err
    assert "10x or more away from the stored USD->HKD 7.8 of 2025-01-02" in err
    # Before: "did you mean 1 HKD = 0.78 USD (set-fx HKD USD 0.78)?", i.e. USD->HKD 1.28, 6.1x off.
    assert "did you mean" not in err and "--force stores it anyway" in err
    assert cli.main(["--db", db, "set-fx", "USD", "HKD", "0.128", "--date", "2026-11-01"]) == 2
    assert "did you mean 1 HKD = 0.128 USD (set-fx HKD USD 0.128)?" in capsys.readouterr().err
