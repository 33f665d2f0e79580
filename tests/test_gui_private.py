"""Private holdings and grants in the window, offscreen: the grants page and its
what-if, the grant, exercise and leaving dialogs, marks, lock-ups, the IPO
conversion, discounts and the deadline banner."""

from __future__ import annotations

from decimal import Decimal as D

from tests.conftest import TODAY
from tests.gui_support import add_mark_in_the_window


def test_grants_page_lists_the_demo_grant_with_its_cash_figure(demo_db, make_window):
    window = make_window()
    page = window.grants_page
    # Issue 15 added the demo's leaver (MOONSHOT-ESOP-2024, granted later: the second row).
    assert page.table.rowCount() == 2
    assert page.table.item(0, 0).text() == "STEPFUN-ESOP-2024"
    assert page.table.item(0, 4).text() == "3,100 / 4,800"
    assert page.table.item(1, 0).text() == "MOONSHOT-ESOP-2024"
    # 3100 x 0.80 USD x 7.78 = 19,294.40, plus the leaver's 1,200 x 3.00 x 7.78 = 28,008.00
    assert "HK$47,302.40" in page.summary.text()
    assert window.findChild(object, "vestingChart") is not None


def test_grants_page_what_if_moves_the_options_and_the_total(demo_db, make_window):
    """The demo's StepFun options: 3,100 exercisable at 0.80 USD. At 10 USD a
    share they are worth 3,100 x 9.20 x 7.78 HKD; nothing is written."""
    import hashlib

    window = make_window()
    page = window.grants_page
    before = hashlib.sha256(demo_db.read_bytes()).hexdigest()
    g = next(g for g in window.snapshot.report.grants if g.state.grant.symbol == "STEPFUN")
    assert not page.what_if_row.isHidden() and "STEPFUN" in page.what_if_label.text()
    assert "USD" in page.what_if_price.placeholderText()
    page.what_if_price.setText("10")
    change = D("3100") * D("9.20") * D("7.78") - g.intrinsic_value_base
    paper = window.snapshot.report.totals.paper_wealth_base + change
    held = next(h for h in window.snapshot.report.holdings if h.symbol == "STEPFUN")  # shares too
    moved = held.position.quantity * D("10") * D("7.78") - held.market_value_base
    paper += moved
    text = page.what_if_result.text()
    assert f"options {window.fmt.signed_money(change, 'HKD')}" in text
    assert f"holding {window.fmt.signed_money(moved, 'HKD')}" in text and window.fmt.money(paper, "HKD") in text
    page.what_if_price.setText("ten")
    assert page.what_if_result.text() == "not a number"
    assert hashlib.sha256(demo_db.read_bytes()).hexdigest() == before


def test_grant_dialog_names_each_problem(qtbot):
    from desktop_app.ui.dialogs.entry import grant_dialog

    dialog = grant_dialog(TODAY, {})
    qtbot.addWidget(dialog)
    assert {"symbol", "quantity", "strike"} <= {e.column for e in dialog.errors}
    dialog.widgets["symbol"].setText("MOONSHOT")
    dialog.widgets["quantity"].setText("1000")
    dialog.widgets["strike"].setText("2.5")
    dialog.widgets["cliff_months"].setText("60")
    assert [e.code for e in dialog.errors] == ["cliff_exceeds_vesting"]
    assert "Cliff (months): the cliff is longer than the vesting" in dialog.error_list.text()
    dialog.widgets["cliff_months"].setText("12")
    assert dialog.errors == [] and dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_exercise_dialog_refuses_more_than_exercisable(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    seen = {}

    def fill(dialog):
        dialog.widgets["quantity"].setText("3101")
        seen["refused"] = [e.message for e in dialog.errors]
        dialog.widgets["quantity"].setText("1000")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", fill)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.private.exercise_grant("STEPFUN-ESOP-2024")
    assert seen["refused"] == ["only 3100 are exercisable on 2026-11-28"]
    assert window.grants_page.table.item(0, 5).text() == "2,100"
    stepfun = next(h for h in window.snapshot.report.holdings if h.symbol == "STEPFUN")
    assert stepfun.position.quantity == 4000  # 3000 old shares and the exercised 1000


def test_marks_through_the_holding_page_with_undo(demo_db, make_window, qtbot, monkeypatch):
    from desktop_app.ui.dialogs.entry import mark_dialog

    window = make_window()
    dialog = mark_dialog("MOONSHOT", "USD", TODAY)
    qtbot.addWidget(dialog)
    dialog.widgets["price"].setText("")
    assert [e.code for e in dialog.errors] == ["price_or_valuation"]
    dialog.widgets["valuation"].setText("5000000000")
    dialog.widgets["fully_diluted_shares"].setText("200000000")
    assert dialog.errors == []
    add_mark_in_the_window(window, qtbot, monkeypatch)
    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    assert moonshot.price_in_currency == D("30")
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.undo()
    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    assert moonshot.price_in_currency == D("24")


def test_what_if_shows_the_holding_and_total_without_writing(demo_db, make_window, qtbot):
    from desktop_app.ui.dialogs.holding import HoldingDialog

    window = make_window()
    holding = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    dialog = HoldingDialog(holding, window.fmt, window.snapshot.report, window)
    qtbot.addWidget(dialog)
    assert dialog.findChild(object, "priceChart") is not None
    dialog.what_if_price.setText("30")
    assert "HK$233,400.00" in dialog.what_if_result.text()  # 1000 x 30 x 7.78
    assert "+HK$46,680.00" in dialog.what_if_result.text()
    dialog.what_if_price.setText("abc")
    assert dialog.what_if_result.text() == "not a number"


def test_the_price_chart_says_what_it_shows(demo_db, make_window, qtbot):
    window = make_window()
    proxy = window.holdings_page.proxy
    window.holdings_page.view.doubleClicked.emit(next(proxy.index(r, 0) for r in range(proxy.rowCount())
                                                      if proxy.index(r, 0).data() == "MOONSHOT"))
    dialog = window.private.holding_dialog
    qtbot.waitUntil(lambda: "Prices in USD" in dialog.chart.legend.text(), timeout=5000)
    legend = dialog.chart.legend.text()
    assert "marks" in legend and "average cost" in legend and "buy" in legend
    assert "sell" not in legend  # Moonshot was never sold: no key for what is not drawn
    dialog.close()


def test_banner_warns_when_an_exercise_deadline_is_near(demo_db, make_window, qtbot):
    from desktop_app.services.portfolio import Portfolio
    from desktop_app.services.private_holdings import PrivateHoldingsService
    from desktop_app.storage.sqlite_repository import SqliteRepository

    with SqliteRepository(demo_db) as repo:
        PrivateHoldingsService(Portfolio(repo, today=lambda: TODAY)).set_termination("STEPFUN-ESOP-2024", "2026-09-15")
    window = make_window()
    assert window.banner.isVisibleTo(window)
    assert "STEPFUN-ESOP-2024" in window.banner.text() and "16 days" in window.banner.text()  # Sep 15 + 90
    assert "Exercise deadline" in window.overview.deadlines_label.text()
    # On the grants page the urgent deadline says so even on the selected (highlighted) row.
    assert window.grants_page.table.item(0, 10).text().startswith("⚠ ")


def test_lockup_and_conversion_from_the_holding_page(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()

    def lock(dialog):
        dialog.widgets["until"].setText("2027-01-07")
        dialog.widgets["quantity"].setText("300")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", lock)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.private.add_lockup("2513.HK")
    zhipu = next(h for h in window.snapshot.report.holdings if h.symbol == "2513.HK")
    assert (zhipu.locked_quantity, zhipu.tradable_quantity) == (300, 100)
    assert window.snapshot.report.totals.locked_base == D("144000.00")

    def convert(dialog):
        dialog.widgets["ratio"].setText("0")
        refused = [e.column for e in dialog.errors]
        assert refused == ["target", "ratio"]  # no listed symbol yet, and a zero ratio
        dialog.widgets["target"].setText("9999")
        dialog.widgets["ratio"].setText("2")
        dialog.widgets["currency"].setCurrentText("USD")
        dialog.widgets["date"].setText("2026-11-01")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", convert)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.private.convert_holding("MOONSHOT")
    listed = next(h for h in window.snapshot.report.holdings if h.symbol == "9999.HK")
    assert listed.position.quantity == 2000 and listed.cost_basis == D("12750.00")


def test_discount_and_staleness_from_the_holding_page(demo_db, make_window, qtbot, monkeypatch):
    window = make_window()
    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")

    def settings(dialog):
        dialog.widgets["discount_pct"].setText("100")
        assert [e.code for e in dialog.errors] == ["below_100"]
        dialog.widgets["discount_pct"].setText("25")
        dialog.widgets["stale_days"].setText("30")
        return not dialog.errors

    monkeypatch.setattr(window, "exec_dialog", settings)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.private.holding_settings(moonshot.instrument)
    moonshot = next(h for h in window.snapshot.report.holdings if h.symbol == "MOONSHOT")
    assert moonshot.price_in_currency == D("18") and moonshot.stale  # 24 less 25%; 60 days > 30


def test_leaving_dialog_refuses_a_date_before_the_grant(demo_db, make_window, qtbot):
    from desktop_app.ui.dialogs.entry import leaving_dialog

    window = make_window()
    grant = window.private._grant("STEPFUN-ESOP-2024")
    dialog = leaving_dialog(grant, TODAY, window)
    qtbot.addWidget(dialog)
    dialog.widgets["terminated"].setText("2023-01-01")
    assert [e.code for e in dialog.errors] == ["before_grant"]
    dialog.widgets["terminated"].setText("2026-11-01")
    assert dialog.errors == []


def test_vesting_chart_goes_flat_on_leaving_and_shows_the_rest_forfeited(demo_db, make_window, capsys):
    from desktop_app import cli

    assert cli.main(["--db", str(demo_db), "set-termination", "STEPFUN-ESOP-2024", "2026-10-01"]) == 0
    capsys.readouterr()
    page = make_window().grants_page
    g = page.grants[0]  # the first row, as the chart draws (the demo's leaver is the second)
    assert g.state.grant.id == "STEPFUN-ESOP-2024"
    assert g.state.vested == 3000  # 30 of 48 months by the leaving date
    _, vested_ys = page.vested_curve.getData()
    _, lost_ys = page.forfeited_curve.getData()
    assert max(vested_ys) == 3000 and vested_ys[-1] == 3000
    assert lost_ys[0] == 3000 and max(lost_ys) == 4800


def test_a_new_form_lists_what_is_needed_and_marks_only_what_the_user_got_wrong(qtbot):
    from desktop_app.ui.dialogs.entry import grant_dialog

    dialog = grant_dialog(TODAY, {})
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled() and {"symbol", "quantity", "strike"} <= {e.column for e in dialog.errors}
    assert all(not w.styleSheet() for w in dialog.widgets.values())  # no red on a form nobody filled in
    assert "Still to fill in: Symbol, Quantity, Strike" in dialog.error_list.text()
    assert "must" not in dialog.error_list.text()
    dialog.widgets["quantity"].setText("-5")
    assert "border" in dialog.widgets["quantity"].styleSheet() and not dialog.widgets["strike"].styleSheet()
    assert "Quantity: must be greater than 0" in dialog.error_list.text()
    assert "Still to fill in: Symbol, Strike" in dialog.error_list.text()


def test_names_are_shown_as_text_not_markup(demo_db, make_window, tmp_path, capsys):
    from desktop_app import cli
    from desktop_app.ui.dialogs.holding import HoldingDialog
    from tests.conftest import csv_bytes

    evil = tmp_path / "evil.csv"
    evil.write_bytes(csv_bytes("2026-01-05,buy,0700,<b>Tencent <i>x,listed,100,300,HKD,,,"))
    assert cli.main(["--db", str(demo_db), "import-transactions", str(evil)]) == 0
    capsys.readouterr()
    window = make_window()
    assert "&lt;b&gt;Tencent &lt;i&gt;x" in window.overview.top_holdings.text()
    holding = next(h for h in window.snapshot.report.holdings if h.symbol == "0700.HK")
    assert "&lt;b&gt;Tencent" in HoldingDialog(holding, window.fmt, window.snapshot.report, window)._header_text()


def test_a_deadline_on_the_grants_page_is_never_cut_short_at_1024_in_chinese(demo_db, make_window, qtbot):
    """"2027年2月18日 · 剩余 7…" was elided in a 1024-wide Chinese window: the
    deadline is now two lines (its date, then the days left), each of which fits."""
    from desktop_app.services.portfolio import Portfolio
    from desktop_app.services.private_holdings import PrivateHoldingsService
    from desktop_app.storage.sqlite_repository import SqliteRepository

    with SqliteRepository(demo_db) as repo:
        PrivateHoldingsService(Portfolio(repo, today=lambda: TODAY)).set_termination("STEPFUN-ESOP-2024", "2026-11-20")
    window = make_window(language="zh_CN")
    window.resize(1024, 640)
    window.tabs.setCurrentWidget(window.grants_page)
    qtbot.wait(100)
    table = window.grants_page.table
    item = table.item(0, 10)
    lines = item.text().split("\n")
    assert len(lines) == 2 and "剩余" in lines[1]
    metrics = table.fontMetrics()
    assert all(metrics.horizontalAdvance(line) <= table.columnWidth(10) for line in lines)
    assert table.rowHeight(0) >= 2 * metrics.height()
