"""What the import wizard's tests share (``test_gui_import_wizard.py`` and
``test_gui_import_mapping.py``): the wizard's steps, a Futu-like export, and
the user's moves through the window's ``exec_dialog`` seam."""

from __future__ import annotations

from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY

FILE, MAPPING, PREVIEW = range(3)
STATUS, WHY = 8, 9  # the preview's status and reason columns

# A Futu-like export: GB18030, Chinese headers, two fee columns, a type word to skip.
FUTU = ("成交时间,方向,代码,名称,成交数量,成交价格,币种,佣金,印花税,成交编号\n"
        "2026/01/05 09:30:00,买入,00700,腾讯控股,100,380.2,港币,15,38,A1\n"
        "2026/01/06 10:00:00,卖出,700,腾讯控股,40,390,港币,15,20,A2\n"
        "2026/01/07 10:00:00,红股,700,腾讯控股,10,0,港币,0,0,A3\n")


def ledger_text(db_path) -> str:
    with SqliteRepository(db_path) as repo:
        return Portfolio(repo, today=lambda: TODAY).ledger.export_transactions()


def ledger_rows(db_path) -> list[str]:
    return ledger_text(db_path).splitlines()[1:]


def rows_of(dialog) -> list[tuple[str, ...]]:
    """(line, symbol, quantity, fees, status, why) of each row the preview shows."""
    table = dialog.table
    return [tuple(table.item(r, c).text() for c in (0, 3, 4, 7, STATUS, WHY)) for r in range(table.rowCount())]


def settle(dialog, qtbot) -> None:
    qtbot.waitUntil(lambda: not dialog._busy, timeout=20000)


def choose(dialog, qtbot, path) -> None:
    """Choose the file (as Choose… does): the wizard looks at it and says what it is."""
    dialog.open_path(str(path))
    qtbot.waitUntil(lambda: dialog.look is not None, timeout=20000)
    settle(dialog, qtbot)


def next_to(dialog, qtbot, page: int) -> None:
    assert dialog.next.isEnabled()
    dialog.next.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == page, timeout=20000)
    settle(dialog, qtbot)


def run_wizard(window, monkeypatch, steps) -> None:
    """File › Import… with ``steps(dialog) -> accepted`` as the user."""
    monkeypatch.setattr(window, "exec_dialog", steps)
    window.files.import_csv()


def wait_status(window, qtbot, word: str) -> str:
    qtbot.waitUntil(lambda: word in window.statusBar().currentMessage(), timeout=30000)
    return window.statusBar().currentMessage()


def choose_column(page, field: str, header: str) -> None:
    combo = page.columns[field]
    index = combo.findData(header)
    assert index > 0, (field, header)
    combo.setCurrentIndex(index)


def build_futu_mapping(page) -> None:
    """What a user does in the mapping step: every column chosen by hand
    (the guesses cleared first), the fee columns ticked, codes read as HK."""
    for combo in page.columns.values():
        combo.setCurrentIndex(0)
    for action in page.fees.menu().actions():
        action.setChecked(False)
    page.reparse()
    assert page.current is None and page.problem.startswith("Choose a column for: Date, Type, Symbol")
    for field, header in (("date", "成交时间"), ("type", "方向"), ("symbol", "代码"), ("name", "名称"),
                          ("quantity", "成交数量"), ("price", "成交价格"), ("currency", "币种"), ("id", "成交编号")):
        choose_column(page, field, header)
    for action in page.fees.menu().actions():
        action.setChecked(action.text() in ("佣金", "印花税"))
    page.date_format.setCurrentIndex(page.date_format.findData("%Y/%m/%d %H:%M:%S"))
    page.market.setCurrentIndex(page.market.findData("HK"))
    page.reparse()
