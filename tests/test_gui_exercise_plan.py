"""Issue 15 in the window: Plan exercise…, the leaver's banner, the cash to
exercise with its split and paper wealth as a range.

The demo is loaded with the window's today (TODAY, 2026-11-28): its leaver
left 70 days before (2026-09-19), so the window closes on 2026-12-18."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.conftest import TODAY

LEAVER = "MOONSHOT-ESOP-2024"


@pytest.fixture
def demo_today(db_path):
    from desktop_app.services.demo import load_demo
    from desktop_app.services.portfolio import Portfolio
    from desktop_app.storage.sqlite_repository import SqliteRepository

    with SqliteRepository(db_path) as repo:
        load_demo(Portfolio(repo, today=lambda: TODAY))
    return db_path


def open_plan(window, qtbot, grant_id=LEAVER):
    window.private.plan_exercise(grant_id)
    dialog = window.private.plan_dialog
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=10000)
    return dialog


def test_the_leavers_banner_opens_the_plan_with_the_cash_and_the_break_even(demo_today, make_window, qtbot):
    window = make_window()
    text = window.banner.text()
    assert window.banner.isVisibleTo(window) and LEAVER in text and "20 days" in text
    assert f'href="plan:{LEAVER}"' in text and "Cash needed to exercise" in text
    window.banner.linkActivated.emit(f"plan:{LEAVER}")
    dialog = window.private.plan_dialog
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=10000)
    assert dialog.grant.id == LEAVER
    # 1,200 options at 3.00 USD on Moonshot's mark of 24: gain USD 25,200; USD->CNY crossed through
    # HKD (7.78 / 1.09): CNY 179,867.89; tax 179,867.89 x 20% - 16,920 = 19,053.58 CNY = HKD 20,768.40
    # at 1.09; strike 3,600 x 7.78 = 28,008.00; cash 48,776.40; value 1,200 x 24 x 7.78 = 224,064.00.
    figures = dialog.figures.text()
    assert "HK$48,776.40" in figures and "HK$28,008.00" in figures and "HK$20,768.40" in figures
    assert "HK$224,064.00" in figures
    assert dialog.planned.plan.break_even_price.quantize(D("0.0001")) == D("5.2246")  # 48,776.40 / 9,336 = 5.224550
    assert "An estimate, not tax advice" in dialog.note.text() and "tax year 2026" in dialog.note.text()
    assert dialog.scenarios.rowCount() == 3  # 12, 24 and 48 USD
    assert dialog.scenarios.item(0, 2).text() == window.fmt.signed_money(D("112032.00") - D("48776.40"), "HKD")


def test_the_coming_up_list_shows_the_cash_a_leavers_window_needs(demo_today, make_window):
    # The banner's figure in the grant's currency, under the leaver's deadline in the overview's
    # Coming up list: strike 1,200 x 3.00 = USD 3,600 + tax HKD 20,768.40 / 7.78 = USD 2,669.46
    # (worked in the test above) = USD 6,269.46.
    window = make_window()
    text = window.overview.deadlines_label.text()
    assert "1,200 exercisable (MOONSHOT-ESOP-2024)<br>Cash needed to exercise: US$6,269.46." in text


def test_the_plan_follows_its_inputs_and_names_what_is_wrong(demo_today, make_window, qtbot):
    window = make_window()
    window.tabs.setCurrentWidget(window.grants_page)
    window.grants_page.table.selectRow(1)
    assert window.grants_page.current_id() == LEAVER
    window.grants_page.plan_button.click()
    dialog = window.private.plan_dialog
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=10000)
    dialog.quantity.setText("100")
    dialog.regime.setCurrentIndex(dialog.regime.findData("flat"))
    dialog.rate.setText("30")
    qtbot.waitUntil(lambda: dialog.planned is not None and dialog.planned.plan.quantity == 100
                    and dialog.planned.plan.tax.regime.value == "flat", timeout=10000)
    # 100 x (24 - 3) = USD 2,100 x 30% = 630 USD; cash 300 + 630 = 930 USD = HK$7,235.40.
    assert dialog.planned.plan.cash_needed_base == D("7235.40")
    assert "HK$7,235.40" in dialog.figures.text()
    dialog.quantity.setText("5000")
    qtbot.waitUntil(lambda: dialog.planned is None, timeout=10000)
    assert "1,200" in dialog.error.text() or "1200" in dialog.error.text()
    assert dialog.figures.text() == "" and dialog.scenarios.rowCount() == 0


def test_the_overview_splits_the_cash_and_shows_the_range(demo_today, make_window, qtbot, monkeypatch):
    window = make_window()
    t = window.snapshot.report.totals
    assert t.exercise_tax_base > 0 and t.cash_to_exercise_base == t.exercise_cost_base + t.exercise_tax_base
    options = window.overview.breakdown.legend_labels["options"].text()
    assert window.fmt.money(t.cash_to_exercise_base, "HKD") in options
    assert "estimated tax " + window.fmt.money(t.exercise_tax_base, "HKD") in options
    assert not window.overview.range_label.isVisibleTo(window)  # no range, every holding priced

    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    window.private.open_holding(moonshot)

    def fill(dialog):
        dialog.widgets["low"].setText("10")
        dialog.widgets["high"].setText("40")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", fill)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.private.holding_dialog.findChild(object, "valueRangeButton").click()
    # Paper wealth 918,229.60. Low: Moonshot 1,000 x 10 x 7.78 = 77,800 (-108,920) and the leaver's
    # options 1,200 x 7 x 7.78 = 65,352 (-130,704): 678,605.60. High: 311,200 (+124,480) and
    # 1,200 x 37 x 7.78 = 345,432.00 (+149,376.00): 1,192,085.60.
    t = window.snapshot.report.totals
    assert (t.paper_wealth_low_base, t.paper_wealth_high_base) == (D("678605.60"), D("1192085.60"))
    assert window.overview.range_label.isVisibleTo(window)
    assert window.overview.range_label.text() == "range HK$678,605.60 – HK$1,192,085.60"


def test_a_low_above_the_high_is_refused_in_the_form(qtbot):
    from desktop_app.ui.dialogs.exercise_plan import value_range_dialog

    dialog = value_range_dialog("MOONSHOT", "USD", "", "")
    qtbot.addWidget(dialog)
    assert dialog.errors == []  # both empty: removes the range
    dialog.widgets["low"].setText("50")
    dialog.widgets["high"].setText("40")
    assert [e.code for e in dialog.errors] == ["low_above_high"]
    dialog.widgets["high"].setText("x")
    assert [e.column for e in dialog.errors] == ["high"]


def test_the_plan_fits_a_small_screen(demo_today, make_window, qtbot):
    """The dialog was 900 x 720 whatever the screen: on a 1024 x 640 laptop (or
    the 800-wide test screen) its Close button and right edge were off-screen."""
    window = make_window()
    dialog = open_plan(window, qtbot)
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() - 40 and dialog.height() <= screen.height() - 60
    assert dialog.minimumSizeHint().width() <= dialog.width()
    assert dialog.minimumSizeHint().height() <= dialog.height()



@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_at_1024_by_640_every_figure_shows(demo_today, make_window, qtbot, language):
    """At the size a 1024 x 640 screen leaves (984 x 580) the dialog was held
    taller than that (the chart's minimum), and when short the figures were
    squeezed: the last line (the exercise deadline) was cut off."""
    window = make_window(language=language)
    dialog = open_plan(window, qtbot)
    dialog.resize(984, 580)
    qtbot.wait(100)
    assert dialog.height() <= 580
    figures = dialog.figures
    assert figures.height() >= figures.heightForWidth(figures.width())


def test_a_wide_range_is_not_cut_off_at_1024_by_640(demo_today, make_window, qtbot):
    """A range with a high in the billions ran past its grid column at 1024
    wide: 'range HK$424,822.00 – HK$4,746,659,87' and the rest cut off."""
    from desktop_app import cli

    assert cli.main(["--db", str(demo_today), "set-range", "MOONSHOT", "--low", "10", "--high", "40"]) == 0
    assert cli.main(["--db", str(demo_today), "set-range", "STEPFUN", "--low", "0.5", "--high", "99999"]) == 0
    window = make_window()
    window.resize(1024, 640)
    qtbot.wait(200)
    label = window.overview.range_label
    assert label.isVisibleTo(window) and label.text().endswith("HK$4,746,659,879.60")
    fits = label.sizeHint().width() <= label.width() or (
        label.wordWrap() and label.heightForWidth(label.width()) <= label.height())
    assert fits, (label.width(), label.sizeHint(), label.height())
