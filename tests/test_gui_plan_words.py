"""Plan exercise…: the HK other income as an input of the plan, and its
refusals worded in the window's language with their values filled in."""

from __future__ import annotations

import re
from decimal import Decimal as D

from desktop_app.input.csv_formats import RowError
from desktop_app.ui.text import messages
from tests.test_gui_exercise_plan import LEAVER, demo_today, open_plan  # noqa: F401 - demo_today is a fixture


def test_the_hk_plan_takes_other_income(demo_today, make_window, qtbot):  # noqa: F811
    from tests.test_gui_settings import stored_settings

    window = make_window()
    dialog = open_plan(window, qtbot)
    dialog.quantity.setText("100")
    dialog.regime.setCurrentIndex(dialog.regime.findData("hk"))
    qtbot.waitUntil(lambda: dialog.planned is not None and dialog.planned.plan.tax.regime.value == "hk"
                    and dialog.planned.plan.quantity == 100, timeout=10000)
    # Gain 100 x (24 - 3) = USD 2,100 = HKD 16,338.00 at 7.78: below the HK$132,000 allowance, no tax.
    assert dialog.planned.plan.tax.tax == D("0.00")
    dialog.other_income.setText("300000")
    qtbot.waitUntil(lambda: dialog.planned is not None and dialog.planned.plan.tax.tax > 0, timeout=10000)
    # tax(300,000): 168,000 chargeable = 1,000 + 3,000 + 5,000 + 18,000 x 14% = 11,520 (< 15% x 300,000);
    # tax(316,338): 184,338 chargeable = 9,000 + 34,338 x 14% = 13,807.32 (< 47,450.70);
    # attributable 13,807.32 - 11,520.00 = 2,287.32; cash = 300 x 7.78 = 2,334.00 + 2,287.32 = 4,621.32.
    assert dialog.planned.plan.tax.tax == D("2287.32")
    assert dialog.planned.plan.cash_needed_base == D("4621.32") and "HK$4,621.32" in dialog.figures.text()
    dialog.other_income.setText("-1")
    qtbot.waitUntil(lambda: dialog.planned is None, timeout=10000)
    assert dialog.error.text().startswith("Other income (HKD):")
    assert "tax_other_income" not in stored_settings(demo_today)  # a plan writes nothing


def plan_refusal(db, **values) -> RowError:
    from desktop_app.services.errors import EntryRejected
    from desktop_app.services.exercise_plans import plan
    from desktop_app.services.portfolio import Portfolio
    from desktop_app.storage.sqlite_repository import SqliteRepository
    from tests.conftest import TODAY

    with SqliteRepository(db) as repo:
        try:
            plan(Portfolio(repo, today=lambda: TODAY), values.pop("grant", LEAVER), **values)
        except EntryRejected as exc:
            (error,) = exc.errors
            return error
    raise AssertionError("not refused")


def test_each_refusal_is_worded_with_its_values(demo_today):  # noqa: F811
    cases = [  # the leaver's window closes on 2026-12-18 (70 days after leaving on 2026-09-19, of 90)
        ({"date": "2026-12-20"}, "MOONSHOT-ESOP-2024 cannot be exercised on 2026-12-20: the exercise window after "
                                 "leaving closed on 2026-12-18"),
        ({"quantity": "5000"}, "MOONSHOT-ESOP-2024 cannot be exercised on 2026-11-28: only 1200 are exercisable on "
                               "2026-11-28"),
        ({"grant": "STEPFUN-ESOP-2024", "date": "2024-06-01"},
         "STEPFUN-ESOP-2024 cannot be exercised on 2024-06-01: nothing has vested by 2024-06-01 (next vest "
         "2025-04-01)"),
        ({"grant": "NOPE"}, "Grant ID: no grant named NOPE"),
        ({"regime": "prc", "rate": "20"},
         "Your tax rate (%): only the flat regime takes a rate (PRC individual income tax has its own table)"),
    ]
    for values, expected in cases:
        error = plan_refusal(demo_today, **values)
        text = messages.describe(error)
        assert "%" not in text.replace("(%)", ""), text
        if expected is not None:
            assert text == expected, text


def test_a_missing_rate_names_the_pair_and_the_day(demo_today):  # noqa: F811
    """The window showed "no %1→%2 rate is stored on or before %3": the refusal carried no values."""
    import sqlite3

    with sqlite3.connect(demo_today) as conn:
        conn.execute("DELETE FROM fx_rates WHERE base = 'CNY'")  # the PRC tax is in CNY: USD->CNY is now unknown
    error = plan_refusal(demo_today, date="2025-07-01", price="10", regime="prc")
    assert messages.describe(error) == "no USD→CNY rate is stored on or before 2025-07-01: give one"
def test_a_chinese_window_words_the_refusals_in_chinese(demo_today, make_window, qtbot):  # noqa: F811
    window = make_window(language="zh_CN")
    dialog = open_plan(window, qtbot)
    dialog.date.setText("2026-12-20")
    qtbot.waitUntil(lambda: dialog.planned is None and dialog.error.text() != "", timeout=10000)
    text = dialog.error.text()
    assert "MOONSHOT-ESOP-2024" in text and "2026-12-18" in text
    assert not re.search(r"[A-Za-z]{4,}", text.replace("MOONSHOT-ESOP", "")), text
