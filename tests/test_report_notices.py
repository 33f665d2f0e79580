"""Issue 12: warnings are decided once.

Valuation records a ``Notice`` (a kind and its data) where it finds a
problem; the report's English warnings (the CLI's table, ``report --json``)
are worded from those notices by ``notice_text``, and the window shows the
notices of its kinds, worded in its language. Before, ``holding_value``,
``grant_value``, ``deliveries`` and ``history`` wrote English sentences and
``report_notices`` decided the window's set again from the valued holdings.

The expected sentences and window lines below are what the tree before
issue 12 (commit 7f4247b) printed and showed for these two ledgers, as of
2026-11-28: the restructuring changes none of them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.report_notices import (
    REPORT_KINDS,
    WINDOW_KINDS,
    Notice,
    NoticeKind,
    notice_text,
    report_notices,
)
from desktop_app.services.portfolio import Portfolio
from desktop_app.storage.sqlite_repository import SqliteRepository
from tests.conftest import TODAY, csv_bytes


def _grant(symbol, kind, quantity, currency, months, frequency, gid, *extra):
    return ["add-grant", "--symbol", symbol, "--type", kind, "--granted", "2025-01-01", "--quantity", quantity,
            "--currency", currency, "--vesting-start", "2025-01-01", "--cliff-months", "0", "--vesting-months",
            months, "--frequency", frequency, "--id", gid, *extra]


def every_problem(db: Path) -> Path:
    """Base HKD: no price (NOPX), a price with no rate into the holding's
    currency (JPYQ), no rate into the base (EURCO), gains realized before the
    first rate (MOON), option grants with no price (OPT1) and no rate (OPT2),
    RSU vests with no price (R1: twelve, R2: one), stale prices and marks."""
    folder = db.parent
    (folder / "tx.csv").write_bytes(csv_bytes(
        "2025-06-15,buy,MOON,Moon Corp,listed,10,10,USD,,,",
        "2025-09-01,sell,MOON,,listed,5,12,USD,,,",
        "2026-01-05,buy,NOPX,No Price Ltd,listed,100,10,HKD,,,",
        "2026-01-05,buy,EURCO,Euro Co,listed,10,50,EUR,,,",
        "2026-01-05,buy,JPYQ,Yen Quote,listed,10,100,HKD,,,",
        "2026-01-05,buy,STALE,Stale Co,listed,10,20,HKD,,,",
        "2026-01-05,buy,PRIV,Private Co,private,100,3,HKD,,,"))
    (folder / "p.csv").write_text("date,symbol,close,currency\n2026-11-27,MOON,15,USD\n2026-11-27,EURCO,55,EUR\n"
                                  "2025-02-15,STALE,18,HKD\n2026-10-01,STALE,21,HKD\n")
    for argv in (
            ["settings", "--base", "HKD"],
            ["import-transactions", str(folder / "tx.csv")],
            ["import-prices", str(folder / "p.csv")],
            ["set-fx", "USD", "HKD", "7.8", "--date", "2026-01-01"],
            ["add-mark", "JPYQ", "--date", "2026-11-20", "--price", "2000", "--currency", "JPY", "--source", "manual"],
            ["add-mark", "PRIV", "--date", "2025-01-01", "--price", "4", "--currency", "HKD", "--source", "round"],
            _grant("NOPX", "option", "1000", "HKD", "48", "monthly", "OPT1", "--strike", "5"),
            _grant("MOON", "option", "400", "SGD", "24", "quarterly", "OPT2", "--strike", "1"),
            _grant("NOPX", "rsu", "120", "HKD", "12", "monthly", "R1"),
            _grant("STALE", "rsu", "40", "HKD", "2", "monthly", "R2")):
        assert cli.main(["--db", str(db), *argv]) == 0, argv
    return db


def listing(db: Path) -> Path:
    """Base USD: RSUs on private shares that list (Z1), with no price on two
    vests of the private shares and one of the listed ones; another grant's
    (Q1) three vests with no price."""
    (db.parent / "lp.csv").write_text("date,symbol,close,currency\n2025-12-15,2513.HK,9,HKD\n"
                                      "2026-11-27,2513.HK,10,HKD\n")
    for argv in (
            ["settings", "--base", "USD"],
            _grant("ZP", "rsu", "400", "HKD", "12", "quarterly", "Z1", "--name", "Zhipu pre-IPO"),
            _grant("ZQ", "rsu", "40", "HKD", "12", "quarterly", "Q1", "--name", "Other pre-IPO"),
            ["add-mark", "ZQ", "--date", "2025-12-01", "--price", "50", "--currency", "HKD", "--source", "round"],
            ["convert", "ZP", "2513.HK", "--date", "2025-08-01", "--ratio", "10", "--currency", "HKD", "--fx-rate", "1"],
            ["set-fx", "HKD", "USD", "0.128", "--date", "2024-01-01"],
            ["import-prices", str(db.parent / "lp.csv")]):
        assert cli.main(["--db", str(db), *argv]) == 0, argv
    return db


LEDGERS = {"every_problem": every_problem, "listing": listing}

# What the tree before issue 12 printed (report --json --as-of 2026-11-28), in its order.
OLD_WARNINGS = {
    "every_problem": [
        "grant R1: no price of NOPX on or before 2025-02-01 and 11 later vest dates (to 2026-01-01); the 120 shares "
        "delivered then are booked at a cost of 0",
        "grant R2: no price of STALE on or before 2025-02-01; the 20 shares delivered that day are booked at a cost "
        "of 0",
        "EURCO: no EUR->HKD exchange rate on or before 2026-11-28; left out of the HKD totals",
        "JPYQ: its latest price is in JPY and there is no JPY->HKD rate on or before 2026-11-28; valued at cost",
        "JPYQ: no price on or before 2026-11-28; valued at cost",
        "MOON: no USD->HKD rate on or before 1 of the days it realized a gain; those are converted at the rate of "
        "2026-11-28",
        "NOPX: no price on or before 2026-11-28; valued at cost",
        "grant OPT1: NOPX has no price in HKD on or before 2026-11-28; its value is unknown",
        "grant OPT2: MOON has no price in SGD on or before 2026-11-28; its value is unknown",
        "grant OPT2: no SGD->HKD rate on or before 2026-11-28",
    ],
    "listing": [
        "grant Q1: no price of ZQ on or before 2025-04-01 and 2 later vest dates (to 2025-10-01); the 30 shares "
        "delivered then are booked at a cost of 0",
        "grant Z1: no price of ZP on or before 2025-04-01 and 1 later vest dates (to 2025-07-01); the 200 shares "
        "delivered then are booked at a cost of 0",
        "grant Z1: no price of 2513.HK on or before 2025-10-01; the 1000 shares delivered that day are booked at a "
        "cost of 0",
    ],
}
# The value series from 2025-01-01 to 2026-11-28.
OLD_SERIES_WARNINGS = {
    "every_problem": ("EURCO: no rate into HKD on some days; left out on those days",
                      "MOON: no rate into HKD on some days; left out on those days"),
    "listing": (),
}
# The overview's notices (all of them; the label shows four and "…").
OLD_WINDOW = {
    ("every_problem", "en"): [
        "No EUR to HKD exchange rate for EURCO: left out of the totals",
        "JPYQ has no price yet: valued at cost",
        "NOPX has no price yet: valued at cost",
        "Grant OPT1: NOPX has no price, so its value is unknown",
        "Grant OPT2: MOON has no price, so its value is unknown",
        "Grant R1: no price of NOPX on 12 vest dates from 1 Feb 2025, so the shares delivered then are counted at a "
        "cost of 0",
        "Grant R2: no price of STALE on or before 1 Feb 2025, so the shares delivered that day are counted at a cost "
        "of 0",
    ],
    ("every_problem", "zh_CN"): [
        "缺少 EUR 兑 HKD 的汇率，EURCO 未计入合计",
        "JPYQ 尚无价格：按成本计价",
        "NOPX 尚无价格：按成本计价",
        "授予 OPT1：NOPX 尚无价格，价值未知",
        "授予 OPT2：MOON 尚无价格，价值未知",
        "授予 R1：NOPX 有 12 个归属日（自 2025年2月1日 起）没有价格，因此当时交付的股份按成本 0 计算",
        "授予 R2：2025年2月1日 或之前没有 STALE 的价格，因此当天交付的股份按成本 0 计算",
    ],
    ("listing", "en"): [
        "Grant Q1: no price of ZQ on 3 vest dates from 1 Apr 2025, so the shares delivered then are counted at a "
        "cost of 0",
        "Grant Z1: no price of 2513.HK on 3 vest dates from 1 Apr 2025, so the shares delivered then are counted at "
        "a cost of 0",
    ],
    ("listing", "zh_CN"): [
        "授予 Q1：ZQ 有 3 个归属日（自 2025年4月1日 起）没有价格，因此当时交付的股份按成本 0 计算",
        "授予 Z1：2513.HK 有 3 个归属日（自 2025年4月1日 起）没有价格，因此当时交付的股份按成本 0 计算",
    ],
}


def run(capsys, *argv) -> str:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_every_kind_has_an_english_wording():
    sample = Notice(NoticeKind.UNPRICED_HOLDING, "SYM", "G1", "USD", dates=(dt.date(2025, 2, 1), dt.date(2025, 3, 1)),
                    price_currency="JPY", count=2, shares=D(30))
    texts = {}
    for kind in NoticeKind:
        text = notice_text(replace(sample, kind=kind), TODAY, "HKD")
        assert text and ("SYM" in text or "G1" in text), kind
        texts[text] = kind
    assert len(texts) == len(NoticeKind)  # no two kinds worded alike
    # Every kind is for the report's sentences, the window, or both.
    assert REPORT_KINDS | WINDOW_KINDS == set(NoticeKind)


@pytest.mark.parametrize("ledger", sorted(LEDGERS))
def test_the_warnings_are_worded_from_the_notices_as_before(capsys, db_path, ledger):
    db = str(LEDGERS[ledger](db_path))
    capsys.readouterr()
    doc = json.loads(run(capsys, "--db", db, "report", "--json", "--as-of", TODAY.isoformat()))
    assert doc["warnings"] == OLD_WARNINGS[ledger]
    table = run(capsys, "--db", db, "report", "--as-of", TODAY.isoformat())
    assert [line for line in table.splitlines() if line.startswith("warning: ")] == [
        f"warning: {w}" for w in OLD_WARNINGS[ledger]]
    with SqliteRepository(db_path) as repo:
        reports = Portfolio(repo, today=lambda: TODAY).reports
        report = reports.report(as_of=TODAY)
        series = reports.value_series(dt.date(2025, 1, 1), TODAY)
    assert report.warnings == tuple(notice_text(n, TODAY, report.base_currency) for n in report.notices
                                    if n.kind in REPORT_KINDS)
    assert series.warnings == OLD_SERIES_WARNINGS[ledger]


def test_the_two_ledgers_have_every_kind_of_notice(tmp_path):
    kinds = set()
    for name, build in LEDGERS.items():
        db = build(tmp_path / f"{name}.sqlite3")
        with SqliteRepository(db) as repo:
            reports = Portfolio(repo, today=lambda: TODAY).reports
            kinds |= {n.kind for n in reports.report(as_of=TODAY).notices}
            kinds |= {n.kind for n in reports.value_series(dt.date(2025, 1, 1), TODAY).notices}
    # A vest typed in as a buy came later than the old code these ledgers are compared with:
    # tests/test_rsu_delivery.py covers it. A tax estimate with no rate (issue 15) needs a tax
    # regime these ledgers do not set: tests/test_exercise_cli.py covers it.
    assert kinds == set(NoticeKind) - {NoticeKind.VEST_RECORDED_AS_BUY, NoticeKind.NO_TAX_FX_RATE}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("ledger", sorted(LEDGERS))
def test_the_window_shows_the_reports_notices_of_its_kinds(db_path, make_window, ledger, language):
    LEDGERS[ledger](db_path)
    window = make_window(language=language)
    page = window.overview
    report = page.snapshot.report
    mine = [n for n in report.notices if n.kind in WINDOW_KINDS]
    assert mine and report_notices(report) == mine
    lines = [page._notice_text(n, report.base_currency) for n in mine]
    assert page._warnings(report) == lines == OLD_WINDOW[(ledger, language)]
    assert page.warnings_label.text() == "\n".join(lines[:4]) + ("\n…" if len(lines) > 4 else "")
